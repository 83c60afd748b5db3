package doorstep.platform.eventstore;

/** An aggregate folded from its stream, with the version of the last event applied (0: no events). */
public record Rehydrated<A>(A aggregate, long version) {

    public boolean exists() {
        return version > 0;
    }
}
