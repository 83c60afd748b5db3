package doorstep.platform.personal;

/**
 * The key custodian cannot be reached (or answered with an error): nothing about the request or the
 * event is wrong, so a command answers 503 and a consumer waits and tries again, never dead-letters.
 */
public class KeysUnavailable extends RuntimeException {

    /** @param message what could not be reached, without personal data */
    public KeysUnavailable(String message, Throwable cause) {
        super(message, cause);
    }

    /** @param message what could not be reached, without personal data */
    public KeysUnavailable(String message) {
        super(message);
    }

    /** Whether {@code failure} or one of its causes is this. */
    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof KeysUnavailable) {
                return true;
            }
        }
        return false;
    }
}
