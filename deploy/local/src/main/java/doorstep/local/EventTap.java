package doorstep.local;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Prints every Doorstep event as it reaches Kafka, the way an integrator would receive it. */
final class EventTap implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final java.util.concurrent.CountDownLatch assigned = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean running = true;

    private EventTap(KafkaConsumer<String, byte[]> consumer, Path log) {
        this.consumer = consumer;
        this.thread = new Thread(() -> run(log), "event-tap");
        this.thread.setDaemon(true);
    }

    static EventTap start(String bootstrap, Path log) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "doorstep-local-tap-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5000);
        EventTap tap = new EventTap(new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer()), log);
        tap.thread.start();
        try {
            // "latest" means from the assignment on: wait for it so no event after start-up is missed.
            tap.assigned.await(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return tap;
    }

    /** A sealed personal value (D48): {"keyId": …, "encrypted": …} or {"keyId": …, "erased": true}. */
    private static final Pattern SEALED = Pattern.compile(
            "\\{\\s*\"keyId\"\\s*:\\s*\"[^\"]*\"\\s*,\\s*\"(?:encrypted\"\\s*:\\s*\"[^\"]*\"|erased\"\\s*:\\s*true)\\s*\\}");

    /** The payload with each personal value shown as {@code "***"}: the console never shows personal data. */
    static String masked(String payload) {
        return SEALED.matcher(payload).replaceAll("\"***\"");
    }

    private void run(Path log) {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), true)) {
            consumer.subscribe(Pattern.compile("doorstep\\.[a-z]+\\.events"));
            while (running) {
                var records = consumer.poll(Duration.ofMillis(500));
                if (!consumer.assignment().isEmpty()) {
                    assigned.countDown();
                }
                for (ConsumerRecord<String, byte[]> r : records) {
                    String line = String.format("event %s subject=%s version=%s id=%s%n      %s",
                            header(r, "ce_type"), header(r, "ce_subject"), header(r, "ce_streamversion"), header(r, "ce_id"),
                            r.value() == null ? "" : masked(new String(r.value(), StandardCharsets.UTF_8)));
                    System.out.println(line);
                    out.println(line);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (IOException e) {
            System.err.println("event tap stopped: " + e.getMessage());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private static String header(ConsumerRecord<String, byte[]> r, String key) {
        Header h = r.headers().lastHeader(key);
        return h == null ? "-" : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
