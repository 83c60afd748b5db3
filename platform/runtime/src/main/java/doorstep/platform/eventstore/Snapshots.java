package doorstep.platform.eventstore;

import java.lang.reflect.RecordComponent;
import java.util.function.Function;

import doorstep.platform.domain.Personal;

/**
 * How an aggregate whose stream grows without bound (a coordination order kept for ever, tracked
 * weekly) is kept as a snapshot, so a command folds the snapshot and only the events after it
 * rather than the whole stream (D58). A snapshot is a cache of the fold: rebuilt from events, never
 * the source of truth, ignored when its shape changed.
 *
 * @param type          the snapshot's shape: a record of plain values (strings, numbers, enums,
 *                      {@code java.time} values, collections of them), serialised as JSON
 * @param schemaVersion the shape's version; raise it whenever the record or the meaning of its
 *                      values changes, and every older snapshot is ignored (the stream is folded from events)
 * @param every         a snapshot is taken when a command's events cross a multiple of this many
 *                      events (e.g. 20: after versions 20, 40, …)
 * @param take          the aggregate's state as a snapshot
 * @param restore       an aggregate equal to the one the snapshot was taken of
 * @param <A>           the aggregate
 * @param <S>           the snapshot record
 * @throws IllegalArgumentException when {@code every < 1}, or when a component of the record is
 *                                  {@link Personal}: personal values live only in sealed events, so that
 *                                  erasing an order's key erases them (a snapshot would keep them in clear)
 */
public record Snapshots<A, S extends Record>(Class<S> type, int schemaVersion, int every, Function<A, S> take,
                                             Function<S, A> restore) {

    public Snapshots {
        if (every < 1) {
            throw new IllegalArgumentException("a snapshot every " + every + " events");
        }
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.isAnnotationPresent(Personal.class)) {
                throw new IllegalArgumentException(type.getName() + "." + c.getName()
                        + " is personal: snapshots hold no personal values (they live only in sealed events)");
            }
        }
    }

    /** The aggregate type's name in the snapshot table, e.g. {@code CoordinationOrder.Snapshot}. */
    String aggregate() {
        String outer = type.getEnclosingClass() != null ? type.getEnclosingClass().getSimpleName() + "." : "";
        return outer + type.getSimpleName();
    }

    /** Whether appending {@code recorded} events after {@code before} crosses a multiple of {@link #every()}. */
    boolean due(long before, int recorded) {
        return recorded > 0 && (before + recorded) / every > before / every;
    }
}
