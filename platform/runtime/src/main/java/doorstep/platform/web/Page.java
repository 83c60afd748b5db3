package doorstep.platform.web;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One page of a list. {@code nextCursor} is opaque to clients: pass it back as {@code cursor} for
 * the next page; it is absent on the last page. Lists are always bounded by {@code limit}. Cursors
 * are signed: one that this service did not hand out is refused.
 */
public record Page<T>(List<T> items, String nextCursor) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
    /** The query parameter that carries a cursor back, in every list. */
    public static final String CURSOR = "cursor";
    static final String NOT_A_CURSOR = "is not a cursor from this list; start again without one";

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

    /**
     * A cursor for the position after the row with this key, signed so that only this service can
     * have made it (see {@link Cursors}).
     */
    public static String encode(String... key) {
        return Cursors.sign(String.join("\u001f", key).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @return the key parts a cursor from {@link #encode} holds, or null for no cursor
     * @throws InvalidRequest naming {@code cursor} when it was not made by this service (forged,
     *         altered, from another deployment) or does not have {@code parts} parts
     */
    public static String[] decode(String cursor, int parts) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        byte[] payload = Cursors.verify(cursor);
        String[] key = payload == null ? null : new String(payload, StandardCharsets.UTF_8).split("\u001f", -1);
        if (key == null || key.length != parts) {
            throw InvalidRequest.of(CURSOR, NOT_A_CURSOR);
        }
        return key;
    }

    @Override
    public String toString() {
        return "Page" + Arrays.asList(items.size(), nextCursor);
    }
}
