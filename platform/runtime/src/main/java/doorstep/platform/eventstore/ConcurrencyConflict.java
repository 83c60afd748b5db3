package doorstep.platform.eventstore;

/** Someone else appended to the stream since it was loaded: reload and decide again. */
public class ConcurrencyConflict extends RuntimeException {

    private final String streamId;
    private final long expectedVersion;

    public ConcurrencyConflict(String streamId, long expectedVersion) {
        super("stream " + streamId + " changed after version " + expectedVersion + " was read");
        this.streamId = streamId;
        this.expectedVersion = expectedVersion;
    }

    public String streamId() {
        return streamId;
    }

    public long expectedVersion() {
        return expectedVersion;
    }
}
