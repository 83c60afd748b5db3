package doorstep.platform.web;

import java.util.OptionalLong;

/** Strong ETags that carry a stream version: {@code "7"}. */
public final class ETags {

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** Parses {@code If-Match}; absent or {@code *} means "any version". */
    public static OptionalLong expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return OptionalLong.empty();
        }
        String v = ifMatch.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        try {
            long version = Long.parseLong(v);
            if (version < 0) {
                throw new NumberFormatException();
            }
            return OptionalLong.of(version);
        } catch (NumberFormatException e) {
            throw InvalidRequest.of("If-Match", "must be an ETag from this API, e.g. \"3\"");
        }
    }
}
