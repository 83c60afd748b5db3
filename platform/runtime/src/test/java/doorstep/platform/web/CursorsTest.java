package doorstep.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class CursorsTest {

    @Test
    void aCursorOfThisServiceReadsBack() {
        String cursor = Page.encode("site-1", "3栋", "1202");
        assertThat(Page.decode(cursor, 3)).containsExactly("site-1", "3栋", "1202");
        assertThat(Page.decode(null, 1)).isNull();
        assertThat(Page.decode(" ", 1)).isNull();
    }

    @Test
    void aPositionWrittenByTheClientIsRefused() {
        String bare = Base64.getUrlEncoder().withoutPadding().encodeToString("0".getBytes(StandardCharsets.UTF_8));
        assertRefused(bare);
        assertRefused(bare + ".");
        assertRefused(bare + "." + bare);
        assertRefused("garbage!");
    }

    @Test
    void everyAlteredCharacterIsRefused() {
        String cursor = Page.encode("42");
        for (int i = 0; i < cursor.length(); i++) {
            if (cursor.charAt(i) == '.') {
                continue;
            }
            for (char c : new char[] {'A', 'B', 'g', '_', '-'}) {
                if (c != cursor.charAt(i)) {
                    assertRefused(cursor.substring(0, i) + c + cursor.substring(i + 1));
                }
            }
        }
        assertRefused(cursor + "A");
        assertRefused(cursor.substring(0, cursor.length() - 1));
    }

    @Test
    void aCursorOfAnotherShapeIsRefused() {
        assertRefused(Page.encode("site-1", "3栋", "1202"), 1);
    }

    private static void assertRefused(String cursor) {
        assertRefused(cursor, 1);
    }

    private static void assertRefused(String cursor, int parts) {
        assertThatThrownBy(() -> Page.decode(cursor, parts)).as(cursor).isInstanceOfSatisfying(InvalidRequest.class,
                e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("cursor"));
    }
}
