package doorstep.intake.desk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import doorstep.platform.consumer.ForeignEvent;

/**
 * Writes an order's events across the four services the way the services would: each with its stream, the next version
 * of that stream, an instant, and the event that caused it (for reactions). Test fixture of the desk's fold.
 */
final class Script {

    final String orderId;
    private final List<DeskFact> facts = new ArrayList<>();
    private final Map<String, Long> versions = new HashMap<>();
    private Instant now;
    private DeskFact last;

    Script(String orderId, Instant start) {
        this.orderId = orderId;
        this.now = start;
    }

    /** Moves the clock on. */
    Script after(Duration d) {
        now = now.plus(d);
        return this;
    }

    Instant now() {
        return now;
    }

    /** A person's command: no cause. */
    DeskFact by(String actor, Record event) {
        return add(actor, null, null, event);
    }

    /** A reaction to {@code cause}, recorded by a service in its stream {@code <order>/<aspect>} (aspect null: the order). */
    DeskFact reacting(DeskFact cause, String aspect, Record event) {
        return add("service", cause, aspect, event);
    }

    /** The last event written. */
    DeskFact last() {
        return last;
    }

    DeskFact add(String actor, DeskFact cause, String aspect, Record event) {
        ForeignEvent contract = event.getClass().getAnnotation(ForeignEvent.class);
        String type = contract.type().isEmpty() ? event.getClass().getSimpleName() : contract.type();
        String stream = aspect == null ? orderId : orderId + "/" + aspect;
        long version = versions.merge(contract.service() + stream, 1L, Long::sum);
        last = new DeskFact(contract.service(), type, UUID.randomUUID(), stream, version, now, actor, actor.equals("service") ? "service" : "agent",
                cause == null ? null : cause.eventId(), event);
        facts.add(last);
        return last;
    }

    List<DeskFact> facts() {
        return List.copyOf(facts);
    }
}
