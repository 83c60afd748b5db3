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

    /** A history's page size when the client names none: the history of an order or its entries (D56). */
    public static final int HISTORY_DEFAULT_LIMIT = 50;
    /** The largest page of a history a client may ask for (D56). */
    public static final int HISTORY_MAX_LIMIT = 200;
    /** How a history's {@code limit} parameter is described in the API documents. */
    public static final String HISTORY_LIMIT_DESCRIPTION = "1 to " + HISTORY_MAX_LIMIT + ", default " + HISTORY_DEFAULT_LIMIT;

    /** Validates a requested page size of a list: 1 to {@value #MAX_LIMIT}, {@value #DEFAULT_LIMIT} when absent. */
    public static int limit(Integer requested) {
        return limit(requested, DEFAULT_LIMIT, MAX_LIMIT);
    }

    /**
     * Validates a requested page size of a history (a timeline, a coordination order's entries or checks): 1 to
     * {@value #HISTORY_MAX_LIMIT}, {@value #HISTORY_DEFAULT_LIMIT} when absent (D56).
     */
    public static int historyLimit(Integer requested) {
        return limit(requested, HISTORY_DEFAULT_LIMIT, HISTORY_MAX_LIMIT);
    }

    private static int limit(Integer requested, int defaultLimit, int maxLimit) {
        if (requested == null) {
            return defaultLimit;
        }
        if (requested < 1 || requested > maxLimit) {
            throw InvalidRequest.of("limit", "must be between 1 and " + maxLimit);
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

    /**
     * The key of a cursor that belongs to one list only: {@link #encode} it as {@code (list, key…)}, e.g.
     * {@code ("entries", orderId, "12")}; a cursor of another list (another order's, another kind) is refused here.
     *
     * @param list the list's own name and ids, exactly as encoded
     * @param parts how many key parts follow them
     * @return the key parts after {@code list}, or null for no cursor
     * @throws InvalidRequest naming {@code cursor} when it is not one of this list
     */
    public static String[] decodeOf(String cursor, List<String> list, int parts) {
        String[] key = decode(cursor, list.size() + parts);
        if (key == null) {
            return null;
        }
        if (!Arrays.asList(key).subList(0, list.size()).equals(list)) {
            throw InvalidRequest.of(CURSOR, NOT_A_CURSOR);
        }
        return Arrays.copyOfRange(key, list.size(), key.length);
    }

    @Override
    public String toString() {
        return "Page" + Arrays.asList(items.size(), nextCursor);
    }
}
