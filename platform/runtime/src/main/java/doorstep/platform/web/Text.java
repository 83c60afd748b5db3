package doorstep.platform.web;

/**
 * What text a request may carry: only what PostgreSQL and JSON can hold and what is not a control
 * character. Refused everywhere: NUL and the other C0 controls, DEL and the C1 controls (Unicode
 * category Cc), and UTF-16 surrogates that are not paired (JSON's {@code \ud800} escape decodes to
 * one; PostgreSQL cannot store it and UTF-8 turns it into {@code ?}). Single-line text (names, ids,
 * phones, codes, parameters) also refuses tab and line breaks ({@code \n}, {@code \r}, U+2028,
 * U+2029); multi-line text ({@link MultiLine}: contents, notes, comments, reasons) allows tab,
 * {@code \n} and {@code \r}.
 */
public final class Text {

    private Text() {
    }

    /**
     * @return null when {@code value} is acceptable, else what is wrong with it, e.g.
     *         {@code "contains a control character (U+0000 at position 3)"} (positions count UTF-16
     *         units from 1)
     */
    public static String problem(String value, boolean multiLine) {
        int i = firstUnacceptable(value, multiLine);
        if (i < 0) {
            return null;
        }
        char c = value.charAt(i);
        String what = Character.isSurrogate(c) ? "contains an unpaired surrogate"
                : Character.getType(c) == Character.CONTROL && !isLineBreakOrTab(c) ? "contains a control character"
                : "must be one line without tabs";
        return what + " (" + String.format("U+%04X", (int) c) + " at position " + (i + 1) + ")";
    }

    /** @return the index of the first character {@link #problem} refuses, or -1 */
    public static int firstUnacceptable(String value, boolean multiLine) {
        if (value == null) {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            } else if (isLineBreakOrTab(c)) {
                if (!multiLine) {
                    return i;
                }
            } else if (Character.getType(c) == Character.CONTROL) {
                return i;
            }
        }
        return -1;
    }

    /** @return the 1-based line of the character at {@code index} */
    public static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static boolean isLineBreakOrTab(char c) {
        return c == '\t' || c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029';
    }
}
