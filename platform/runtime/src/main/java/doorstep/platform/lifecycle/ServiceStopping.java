package doorstep.platform.lifecycle;

/**
 * Work was not done, or did not complete, because the service is shutting down. Not a failure of
 * the work: whoever sees it leaves the work for the next instance (a record uncommitted, a deadline
 * pending) and never dead-letters it.
 */
public class ServiceStopping extends RuntimeException {

    public ServiceStopping(String what) {
        super(what + ": the service is stopping");
    }

    public ServiceStopping(String what, Throwable cause) {
        super(what + ": the service is stopping (" + cause + ")", cause);
    }

    /** @return true if {@code failure} or one of its causes is a {@link ServiceStopping} */
    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ServiceStopping) {
                return true;
            }
        }
        return false;
    }
}
