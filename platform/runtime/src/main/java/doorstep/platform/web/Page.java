package doorstep.platform.web;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * One page of a list. {@code nextCursor} is opaque to clients: pass it back as {@code cursor} for
 * the next page; it is absent on the last page. Lists are always bounded by {@code limit}.
 */
public record Page<T>(List<T> items, String nextCursor) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    /** Validates a requested page size. */
    public static int limit(Integer requested) {
        if (requested == null) {
            return DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > MAX_LIMIT) {
            throw InvalidRequest.of("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return requested;
    }

    /** Builds a page from {@code limit + 1} fetched rows: the extra row only says there is more. */
    public static <T> Page<T> of(List<T> fetched, int limit, java.util.function.Function<T, String[]> keyOf) {
        if (fetched.size() <= limit) {
            return new Page<>(fetched, null);
        }
        List<T> items = fetched.subList(0, limit);
        return new Page<>(List.copyOf(items), encode(keyOf.apply(items.get(limit - 1))));
    }

    public static String encode(String... key) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join("\u001f", key).getBytes(StandardCharsets.UTF_8));
    }

    /** @return the key parts, or null for no cursor */
    public static String[] decode(String cursor, int parts) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String[] key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\u001f", -1);
            if (key.length != parts) {
                throw new IllegalArgumentException();
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.of("cursor", "is not a cursor from this list");
        }
    }

    @Override
    public String toString() {
        return "Page" + Arrays.asList(items.size(), nextCursor);
    }
}
