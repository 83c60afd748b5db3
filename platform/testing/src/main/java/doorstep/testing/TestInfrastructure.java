package doorstep.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import doorstep.localinfra.KafkaBrokerProcess;
import doorstep.localinfra.PostgresServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One real Kafka broker and one real PostgreSQL server per test JVM, shared by every test in it.
 *
 * <p>Where they come from, in order of preference:
 * <ol>
 *   <li>{@code KAFKA_BOOTSTRAP_SERVERS} and {@code DOORSTEP_TEST_POSTGRES_URL}
 *       ({@code postgresql://user:password@host:port}) name external ones;</li>
 *   <li>a Docker engine, if there is one, runs them with Testcontainers;</li>
 *   <li>otherwise a forked single-node KRaft broker and embedded PostgreSQL binaries.</li>
 * </ol>
 * Both are stopped when the JVM exits.
 */
public final class TestInfrastructure {

    private static final Logger LOG = Logger.getLogger(TestInfrastructure.class.getName());
    private static volatile TestInfrastructure instance;

    private final String kafkaBootstrapServers;
    private final PostgresServer postgres;

    private TestInfrastructure(String kafkaBootstrapServers, PostgresServer postgres) {
        this.kafkaBootstrapServers = kafkaBootstrapServers;
        this.postgres = postgres;
    }

    public static TestInfrastructure get() {
        TestInfrastructure current = instance;
        if (current == null) {
            synchronized (TestInfrastructure.class) {
                current = instance;
                if (current == null) {
                    current = start();
                    instance = current;
                }
            }
        }
        return current;
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    private static TestInfrastructure start() {
        boolean docker = !"false".equals(System.getenv("DOORSTEP_TEST_DOCKER")) && dockerAvailable();
        String kafka = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (kafka == null || kafka.isBlank()) {
            kafka = docker ? startKafkaContainer() : startKafkaProcess();
        }
        String pgUrl = System.getenv("DOORSTEP_TEST_POSTGRES_URL");
        PostgresServer pg;
        if (pgUrl != null && !pgUrl.isBlank()) {
            pg = externalPostgres(pgUrl);
        } else if (docker) {
            pg = startPostgresContainer();
        } else {
            long t0 = System.nanoTime();
            pg = PostgresServer.startEmbedded(null, 0);
            Runtime.getRuntime().addShutdownHook(new Thread(pg::close, "stop-test-postgres"));
            LOG.info(() -> "embedded PostgreSQL ready in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
        }
        awaitKafka(kafka);
        return new TestInfrastructure(kafka, pg);
    }

    private static boolean dockerAvailable() {
        // Asking Testcontainers costs half a second and an ERROR line where there is no engine: look first.
        boolean hint = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
        if (!hint) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String startKafkaProcess() {
        try {
            Path dir = Files.createTempDirectory("doorstep-test-kafka");
            long t0 = System.nanoTime();
            KafkaBrokerProcess broker = KafkaBrokerProcess.start(dir.resolve("data"), freePort(), freePort(),
                    dir.resolve("broker.log"), Duration.ofSeconds(90));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                broker.close();
                deleteQuietly(dir);
            }, "stop-test-kafka"));
            LOG.info(() -> "Kafka broker ready at " + broker.bootstrapServers() + " in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
            return broker.bootstrapServers();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String startKafkaContainer() {
        KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.2")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        kafka.start();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "stop-test-kafka"));
        return kafka.getBootstrapServers();
    }

    private static PostgresServer startPostgresContainer() {
        PostgreSQLContainer pg = new PostgreSQLContainer("postgres:17-alpine");
        pg.start();
        Runtime.getRuntime().addShutdownHook(new Thread(pg::stop, "stop-test-postgres"));
        return PostgresServer.external(pg.getHost(), pg.getFirstMappedPort(), pg.getUsername(), pg.getPassword());
    }

    private static PostgresServer externalPostgres(String url) {
        URI uri = URI.create(url);
        String[] userInfo = uri.getUserInfo() == null ? new String[] {"postgres", ""} : uri.getUserInfo().split(":", 2);
        return PostgresServer.external(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432,
                userInfo[0], userInfo.length > 1 ? userInfo[1] : "");
    }

    private static void awaitKafka(String bootstrap) {
        try (Admin admin = Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka at " + bootstrap + " does not answer", e);
        }
    }

    /**
     * A port free now and outside the kernel's ephemeral range. A port the kernel hands out for a bind
     * to 0 can be handed out again to any outgoing connection (a service's to PostgreSQL or Kafka)
     * before the process meant to listen on it binds it, and that process then fails to start.
     */
    public static int freePort() {
        int[] ephemeral = ephemeralRange();
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ephemeral[0] > 20000 ? random.nextInt(15000, ephemeral[0])
                    : random.nextInt(Math.max(ephemeral[1] + 1, 1024), 65536);
            try (ServerSocket socket = new ServerSocket(port)) {
                socket.setReuseAddress(true);
                return port;
            } catch (IOException taken) {
                // in use: try another
            }
        }
        throw new IllegalStateException("no free port outside the ephemeral range " + ephemeral[0] + "-" + ephemeral[1]);
    }

    /** The kernel's ephemeral port range (Linux); the usual default where it cannot be read. */
    private static int[] ephemeralRange() {
        try {
            String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            return new int[] {Integer.parseInt(range[0]), Integer.parseInt(range[1])};
        } catch (IOException | RuntimeException e) {
            return new int[] {32768, 60999};
        }
    }

    /** Deletes a temporary folder and everything in it; one left behind is harmless. */
    static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }
}
