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

    @Test
    void aCursorOfAnotherListIsRefused() {
        String entries = Page.encode("entries", "order-1", "12");
        assertThat(Page.decodeOf(entries, java.util.List.of("entries", "order-1"), 1)).containsExactly("12");
        assertThat(Page.decodeOf(null, java.util.List.of("entries", "order-1"), 1)).isNull();
        for (var other : java.util.List.of(java.util.List.of("entries", "order-2"), java.util.List.of("checks", "order-1"))) {
            assertThatThrownBy(() -> Page.decodeOf(entries, other, 1)).as(other.toString()).isInstanceOfSatisfying(InvalidRequest.class,
                    e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("cursor"));
        }
    }

    @Test
    void aHistoryPageHoldsOneToTwoHundredAndFiftyWhenNotAsked() {
        assertThat(Page.historyLimit(null)).isEqualTo(50);
        assertThat(Page.historyLimit(1)).isEqualTo(1);
        assertThat(Page.historyLimit(200)).isEqualTo(200);
        assertThat(Page.limit(null)).isEqualTo(20);
        for (int bad : new int[] {0, -1, 201}) {
            assertThatThrownBy(() -> Page.historyLimit(bad)).isInstanceOfSatisfying(InvalidRequest.class,
                    e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("limit"));
        }
        assertThatThrownBy(() -> Page.limit(101)).isInstanceOf(InvalidRequest.class);
    }

    private static void assertRefused(String cursor) {
        assertRefused(cursor, 1);
    }

    private static void assertRefused(String cursor, int parts) {
        assertThatThrownBy(() -> Page.decode(cursor, parts)).as(cursor).isInstanceOfSatisfying(InvalidRequest.class,
                e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("cursor"));
    }
}
