package doorstep.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void acceptsWhatPeopleWrite() {
        assertThat(Text.problem("王小明 3栋1202 厨房水管漏水, bitte 😀 Ünïcödé", false)).isNull();
        assertThat(Text.problem("", false)).isNull();
        assertThat(Text.problem(null, false)).isNull();
    }

    @Test
    void refusesNulAndEveryOtherControlCharacter() {
        assertThat(Text.problem("漏水\u0000", true)).isEqualTo("contains a control character (U+0000 at position 3)");
        assertThat(Text.problem("a\u001bb", true)).contains("control character (U+001B");
        assertThat(Text.problem("a\u007fb", true)).contains("U+007F");
        assertThat(Text.problem("a\u0085b", true)).contains("U+0085");
        assertThat(Text.problem("a\u009fb", true)).contains("U+009F");
    }

    @Test
    void refusesUnpairedSurrogatesAndAcceptsPairs() {
        assertThat(Text.problem("\ud800刘", false)).isEqualTo("contains an unpaired surrogate (U+D800 at position 1)");
        assertThat(Text.problem("刘\ud800", false)).contains("U+D800 at position 2");
        assertThat(Text.problem("a\udc00b", false)).contains("U+DC00");
        assertThat(Text.problem("\udc00\ud800", false)).contains("U+DC00 at position 1");
        assertThat(Text.problem("\ud83d\ude00", false)).isNull();
    }

    @Test
    void lineBreaksAndTabsOnlyInMultiLineText() {
        for (String s : new String[] {"a\nb", "a\r\nb", "a\tb", "a\u2028b", "a\u2029b"}) {
            assertThat(Text.problem(s, false)).as(s).startsWith("must be one line without tabs");
            assertThat(Text.problem(s, true)).as(s).isNull();
        }
    }

    @Test
    void findsTheLineOfAProblem() {
        String csv = "a,b\nc,d\ne\u0000,f\n";
        assertThat(Text.lineOf(csv, Text.firstUnacceptable(csv, true))).isEqualTo(3);
    }
}
