package doorstep.platform.projection;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import doorstep.platform.events.EventEnvelope;

/** The service's projections, applied to each event as it is appended. */
@ApplicationScoped
public class Projections {

    @Inject
    Instance<Projection> all;

    public void applyLive(EventEnvelope event) {
        for (Projection p : all) {
            p.apply(event);
        }
    }

    public List<Projection> list() {
        return all.stream().toList();
    }

    public Optional<Projection> named(String name) {
        return all.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
