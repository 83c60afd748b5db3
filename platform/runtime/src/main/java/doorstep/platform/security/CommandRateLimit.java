package doorstep.platform.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Commands per user: a token bucket per user id (bucket4j) holding {@code doorstep.rate-limit.burst}
 * commands, refilled at {@code doorstep.rate-limit.commands-per-minute}. Reads are not limited.
 * Buckets live in this process: with n replicas a user may send up to n times the limit, which
 * still stops a runaway client (the limit is a safety net, not a quota).
 */
@ApplicationScoped
public class CommandRateLimit {

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final long perMinute;
    private final long burst;

    CommandRateLimit(@ConfigProperty(name = "doorstep.rate-limit.commands-per-minute", defaultValue = "120") long perMinute,
                     @ConfigProperty(name = "doorstep.rate-limit.burst", defaultValue = "30") long burst) {
        this.perMinute = perMinute;
        this.burst = burst;
    }

    /** @throws TooManyCommands when the user's bucket is empty, saying when the next command is admitted */
    public void take(String userId) {
        ConsumptionProbe probe = buckets.computeIfAbsent(userId, u -> newBucket()).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
            throw new TooManyCommands(seconds, perMinute);
        }
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build();
    }

    /** The user sent more commands than the limit allows (429, with {@code Retry-After}). */
    public static class TooManyCommands extends RuntimeException {

        private final long retryAfterSeconds;

        TooManyCommands(long retryAfterSeconds, long perMinute) {
            super("too many commands: at most " + perMinute + " a minute per user; retry in " + retryAfterSeconds + " s");
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
