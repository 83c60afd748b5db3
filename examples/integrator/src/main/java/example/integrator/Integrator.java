package example.integrator;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * An example integrator: subscribes to Doorstep's four event topics with its own consumer group and prints one
 * line per event ({@link EventLines}) until stopped. It keeps what it learns (order numbers, event ids seen) in
 * memory only, so it reads every topic from the beginning at each start and commits no offsets (D52); an
 * integrator that stores its state would commit the offsets with it.
 *
 * <p>{@code java example.integrator.Integrator [bootstrap-servers]}; without an argument it reads the local
 * stack's broker: {@code localhost:$DOORSTEP_LOCAL_KAFKA_PORT}, default {@code localhost:19092}. Ctrl-C (or
 * SIGTERM) stops it after the batch in hand.
 */
public final class Integrator {

    /** Doorstep's event topics (docs/events.md). */
    public static final List<String> TOPICS = List.of("doorstep.intake.events", "doorstep.dispatch.events",
            "doorstep.billing.events", "doorstep.followup.events");
    /** The consumer group of this integrator: its own, never a Doorstep service's. */
    public static final String GROUP = "doorstep-example-integrator";
    private static final Duration POLL = Duration.ofMillis(500);
    /** Said once on standard error when no partition was assigned by then (the broker is down or elsewhere). */
    private static final Duration UNREACHABLE = Duration.ofSeconds(15);

    private Integrator() {
    }

    /** Runs until Ctrl-C; the lines go to standard output, everything else to standard error. */
    public static void main(String[] args) throws InterruptedException {
        String bootstrap = bootstrapServers(args, System.getenv());
        AtomicBoolean stopping = new AtomicBoolean();
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            try {
                main.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stop-integrator"));
        System.err.printf("Reading %s at %s from the beginning (Ctrl-C stops)%n", String.join(", ", TOPICS), bootstrap);
        long printed = run(bootstrap, GROUP, System.out, stopping::get);
        System.err.printf("Stopped after %d events%n", printed);
    }

    /**
     * The brokers to read: the first argument when given (Maven's exec passes an empty one as null), else the
     * local stack's, {@code localhost:$DOORSTEP_LOCAL_KAFKA_PORT}, default {@code localhost:19092}.
     */
    static String bootstrapServers(String[] args, Map<String, String> env) {
        return args.length > 0 && args[0] != null && !args[0].isBlank() ? args[0].strip()
                : "localhost:" + env.getOrDefault("DOORSTEP_LOCAL_KAFKA_PORT", "19092");
    }

    /** {@link #run(String, String, PrintStream, BooleanSupplier)} in the integrator's own group. */
    public static long run(String bootstrapServers, PrintStream out, BooleanSupplier stop) {
        return run(bootstrapServers, GROUP, out, stop);
    }

    /**
     * Prints one line per event of the four topics, from their beginning, until {@code stop} says so (asked
     * at least every half second). Records that are not valid events are printed as such, never thrown.
     *
     * @param bootstrapServers the Kafka brokers, e.g. {@code localhost:19092}
     * @param groupId          the consumer group (no offsets are committed)
     * @param out              where the lines go, flushed after each batch
     * @param stop             true once the integrator should close its consumer and return
     * @return how many lines were printed
     */
    public static long run(String bootstrapServers, String groupId, PrintStream out, BooleanSupplier stop) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        EventLines lines = new EventLines(PublishedSchemas.fromClasspath());
        long printed = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(TOPICS);
            long started = System.nanoTime();
            boolean waiting = true;
            while (!stop.getAsBoolean()) {
                if (waiting && (!consumer.assignment().isEmpty() || System.nanoTime() - started > UNREACHABLE.toNanos())) {
                    if (consumer.assignment().isEmpty()) {
                        System.err.printf("No partitions from %s after %d s: is Kafka running there?%n", bootstrapServers,
                                UNREACHABLE.toSeconds());
                    }
                    waiting = false;
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    var line = lines.lineFor(record);
                    if (line.isPresent()) {
                        out.println(line.get());
                        printed++;
                    }
                }
                out.flush();
            }
        }
        return printed;
    }
}
