package doorstep.platform.web;

/** The client's {@code If-Match} version is not the current one (412); it should reload. */
public class PreconditionFailed extends RuntimeException {

    private final long currentVersion;

    public PreconditionFailed(long expected, long currentVersion) {
        super("If-Match names version " + expected + " but the current version is " + currentVersion);
        this.currentVersion = currentVersion;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
