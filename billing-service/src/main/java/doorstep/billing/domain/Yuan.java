package doorstep.billing.domain;

/** Fen as yuan text for people: 1234 → "12.34". Money is never a floating-point number. */
public final class Yuan {

    private Yuan() {
    }

    public static String format(long fen) {
        String sign = fen < 0 ? "-" : "";
        long abs = Math.abs(fen);
        return sign + (abs / 100) + "." + String.format("%02d", abs % 100);
    }
}
