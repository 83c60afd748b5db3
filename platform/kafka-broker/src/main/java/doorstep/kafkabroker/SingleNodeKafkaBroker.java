package doorstep.kafkabroker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node KRaft broker (broker and controller in one process) for tests and the local stack.
 *
 * <p>Usage: {@code SingleNodeKafkaBroker <data-dir> <broker-port> <controller-port> [<user> <password>]}. With a
 * user, the broker's listener is {@code SASL_PLAINTEXT} with {@code SCRAM-SHA-512} (as a production Strimzi
 * listener authenticates, minus TLS) and that user is its only credential, created when storage is formatted;
 * without, it is {@code PLAINTEXT}. Storage is
 * formatted on first start only, so a data directory kept between runs keeps its topics. Prints
 * {@value #READY_LINE} followed by the bootstrap address once the broker serves requests, and
 * stops when its standard input reaches end-of-file: a parent that dies, however it dies, takes
 * its broker with it.
 */
public final class SingleNodeKafkaBroker {

    public static final String READY_LINE = "DOORSTEP-KAFKA-READY ";

    private SingleNodeKafkaBroker() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3 && args.length != 5) {
            System.err.println("usage: SingleNodeKafkaBroker <data-dir> <broker-port> <controller-port> [<user> <password>]");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        int brokerPort = Integer.parseInt(args[1]);
        int controllerPort = Integer.parseInt(args[2]);
        Files.createDirectories(dataDir);

        Properties props = brokerProperties(dataDir, brokerPort, controllerPort);
        String[] scram = {};
        if (args.length == 5) {
            requireScram(props, brokerPort, args[3], args[4]);
            scram = new String[] {"--add-scram", "SCRAM-SHA-512=[name=" + args[3] + ",password=" + args[4] + "]"};
        }
        formatStorageOnce(dataDir, props, scram);

        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
            stopped.countDown();
        }, "broker-shutdown"));
        server.startup();

        System.out.println(READY_LINE + "127.0.0.1:" + brokerPort);
        System.out.flush();

        Thread watchdog = new Thread(() -> {
            waitForEndOfInput(System.in);
            System.exit(0); // runs the shutdown hook
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        stopped.await();
    }

    static Properties brokerProperties(Path dataDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", dataDir.resolve("log").toString());
        p.setProperty("num.partitions", "3");
        // Topics are created by the services with their settings, never implicitly.
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "5");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "3");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        p.setProperty("log.cleaner.threads", "1");
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "2");
        p.setProperty("background.threads", "2");
        return p;
    }

    /** Clients (and the broker itself) must authenticate with SCRAM-SHA-512 as {@code user}. */
    static void requireScram(Properties p, int brokerPort, String user, String password) {
        p.setProperty("listeners", "SASL_PLAINTEXT://127.0.0.1:" + brokerPort + "," + "CONTROLLER://" + p.getProperty("controller.quorum.voters").substring(2));
        p.setProperty("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + brokerPort);
        p.setProperty("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("inter.broker.listener.name", "SASL_PLAINTEXT");
        p.setProperty("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.setProperty("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512");
        p.setProperty("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\"" + password + "\";");
    }

    private static void formatStorageOnce(Path dataDir, Properties props, String... extra) throws IOException {
        if (Files.exists(dataDir.resolve("log").resolve("meta.properties"))) {
            return;
        }
        Path config = dataDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "written by SingleNodeKafkaBroker");
        }
        String[] format = java.util.stream.Stream.concat(
                java.util.stream.Stream.of("format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--ignore-formatted"),
                java.util.stream.Stream.of(extra)).toArray(String[]::new);
        int rc = StorageTool.execute(format, new PrintStream(OutputStream.nullOutputStream()));
        if (rc != 0) {
            throw new IllegalStateException("formatting Kafka storage failed with exit code " + rc);
        }
    }

    private static void waitForEndOfInput(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // Input is ignored; only its end matters.
            }
        } catch (IOException e) {
            // A broken pipe means the parent is gone, just like end-of-file.
        }
    }
}
