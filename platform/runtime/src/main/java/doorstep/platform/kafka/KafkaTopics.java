package doorstep.platform.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import doorstep.platform.events.EventEnvelope;
import io.quarkus.runtime.StartupEvent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates, before anything produces or consumes, every topic this service touches: its own event
 * topic, the topics its channels read and their dead-letter topics. Settings are explicit: the
 * event log is kept forever and never compacted; a dead-letter topic keeps its records for
 * {@code doorstep.topics.dead-letter-retention} (default 90 days: time to look at and replay them;
 * it may hold what a poison record carried, so it is not kept for ever, D48). Brokers should have
 * auto-creation disabled.
 */
@ApplicationScoped
public class KafkaTopics {

    private static final Logger LOG = Logger.getLogger(KafkaTopics.class);

    @ConfigProperty(name = "doorstep.service.name")
    String service;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    KafkaClients clients;
    @ConfigProperty(name = "doorstep.topics.partitions", defaultValue = "3")
    int partitions;
    @ConfigProperty(name = "doorstep.topics.replication-factor", defaultValue = "1")
    short replicationFactor;
    @ConfigProperty(name = "doorstep.topics.min-insync-replicas", defaultValue = "1")
    int minInsyncReplicas;
    @ConfigProperty(name = "doorstep.topics.create", defaultValue = "true")
    boolean create;
    @ConfigProperty(name = "doorstep.topics.dead-letter-retention", defaultValue = "P90D")
    java.time.Duration deadLetterRetention;

    private volatile boolean done;

    // Early, so channels never subscribe to a topic that does not exist yet.
    void onStart(@Observes @Priority(10) StartupEvent ignored) {
        ensureTopics();
    }

    /** The topics this service needs, derived from its name and its channel configuration. */
    public Set<String> requiredTopics(Config config) {
        Set<String> topics = new TreeSet<>();
        topics.add(EventEnvelope.topicOf(service));
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("mp.messaging.incoming.") && (name.endsWith(".topic") || name.endsWith(".dead-letter-queue.topic"))) {
                config.getOptionalValue(name, String.class).ifPresent(t -> {
                    for (String topic : t.split(",")) {
                        if (!topic.isBlank()) {
                            topics.add(topic.trim());
                        }
                    }
                });
            }
        }
        return topics;
    }

    public synchronized void ensureTopics() {
        if (done || !create) {
            return;
        }
        Set<String> wanted = requiredTopics(org.eclipse.microprofile.config.ConfigProvider.getConfig());
        try (Admin admin = Admin.create(clients.admin(Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "doorstep-" + service + "-topics")))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : wanted) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, partitions, replicationFactor).configs(Map.of(
                            TopicConfig.RETENTION_MS_CONFIG, topic.endsWith(".dlq") ? String.valueOf(deadLetterRetention.toMillis()) : "-1",
                            TopicConfig.RETENTION_BYTES_CONFIG, "-1",
                            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                            TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(minInsyncReplicas))));
                }
            }
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                    LOG.infof("created topic %s", entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            done = true;
        } catch (Exception e) {
            throw new IllegalStateException("could not create the Kafka topics " + wanted + " at " + bootstrapServers, e);
        }
    }
}
