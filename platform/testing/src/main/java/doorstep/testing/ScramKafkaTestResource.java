package doorstep.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import doorstep.localinfra.KafkaBrokerProcess;

/**
 * Like {@link DoorstepTestResource}, but the application's broker is one of its own whose only listener requires
 * SASL/SCRAM-SHA-512 (a production Strimzi listener authenticates the same way, over TLS). The application is
 * given the credentials only as {@code kafka.*} settings, so a client that does not take them cannot connect.
 * Init arg {@code database} names the database (default {@code scram}).
 */
public class ScramKafkaTestResource extends DoorstepTestResource {

    /** The broker's one user. */
    public static final String USER = "doorstep-test";
    public static final String PASSWORD = "scram-test-secret";

    private KafkaBrokerProcess broker;
    private Path dir;
    private String bootstrapServers;

    @Override
    public void init(Map<String, String> initArgs) {
        Map<String, String> args = new HashMap<>(initArgs);
        args.putIfAbsent("database", "scram");
        super.init(args);
    }

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("doorstep-scram-kafka");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        broker = KafkaBrokerProcess.start(dir.resolve("data"), TestInfrastructure.freePort(), TestInfrastructure.freePort(),
                dir.resolve("broker.log"), Duration.ofSeconds(90), USER, PASSWORD);
        bootstrapServers = broker.bootstrapServers();
        Map<String, String> config = new HashMap<>(super.start());
        config.put("kafka.bootstrap.servers", bootstrapServers);
        config.put("kafka.security.protocol", "SASL_PLAINTEXT");
        config.put("kafka.sasl.mechanism", "SCRAM-SHA-512");
        config.put("kafka.sasl.jaas.config", jaasConfig());
        return config;
    }

    /** The JAAS line a client authenticates with. */
    public static String jaasConfig() {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + USER + "\" password=\"" + PASSWORD + "\";";
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(bootstrapServers, new TestInjector.AnnotatedAndMatchesType(ScramBroker.class, String.class));
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
        if (dir != null) {
            TestInfrastructure.deleteQuietly(dir);
        }
    }

    /** Marks a test's String field that receives the SCRAM broker's bootstrap address. */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.FIELD)
    public @interface ScramBroker {
    }
}
