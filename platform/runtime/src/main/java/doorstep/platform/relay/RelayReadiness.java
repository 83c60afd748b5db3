package doorstep.platform.relay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while the outbox relay has made no progress for {@code doorstep.relay.unready-after} (default
 * 15 s): failing every round (the broker unreachable, the producer's credentials or ACLs refused, too few
 * replicas in sync), stuck in a send, or its thread gone. The service would store commands it cannot publish.
 * A relay standing by because another replica publishes is ready. Readiness only: a broker outage must never
 * make the orchestrator restart the service (liveness), which would not bring the broker back.
 */
@Readiness
@ApplicationScoped
public class RelayReadiness implements HealthCheck {

    @Inject
    OutboxRelayService relays;
    @ConfigProperty(name = "doorstep.relay.unready-after", defaultValue = "PT15S")
    Duration unreadyAfter;

    private final Clock wallClock = Clock.systemUTC();

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder health = HealthCheckResponse.named("outbox relay");
        if (!relays.enabled()) {
            return health.up().withData("enabled", false).build();
        }
        return relays.current().filter(relay -> relays.running()).map(relay -> {
            health.withData("active", relay.isLeader());
            Instant progress = relay.lastProgress();
            if (Duration.between(progress, wallClock.instant()).compareTo(unreadyAfter) >= 0) {
                return health.down().withData("lastProgress", progress.toString())
                        .withData("lastFailure", String.valueOf(relay.lastFailure())).build();
            }
            return health.up().build();
        }).orElseGet(() -> health.down().withData("running", false).build());
    }
}
