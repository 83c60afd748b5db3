package doorstep.platform.projection;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import doorstep.platform.events.EventCatalog;
import doorstep.platform.events.EventEnvelope;

/** The service's projections, applied to each event as it is appended. */
@ApplicationScoped
public class Projections {

    @Inject
    Instance<Projection> all;
    @Inject
    EventCatalog catalog;

    /** @param aggregateAfter the event's aggregate after the event (null: none registered) */
    public void applyLive(EventEnvelope event, Object aggregateAfter) {
        catalog.sharingDecodes(event, () -> {
            for (Projection p : all) {
                p.apply(event, aggregateAfter);
            }
        });
    }

    public List<Projection> list() {
        return all.stream().toList();
    }

    public Optional<Projection> named(String name) {
        return all.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
