package doorstep.platform.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.common.annotation.Identifier;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The settings of the Kafka clients Doorstep creates itself (the outbox relay's producer, the topic
 * check's admin client), taken from the same {@code kafka.*} configuration as the messaging connector's
 * consumers and dead-letter producers: bootstrap servers, security protocol, SASL mechanism and JAAS
 * configuration, TLS trust and key stores. So one set of properties (or {@code KAFKA_*} environment
 * variables) secures every client of a service; a client never connects with less than the others.
 */
@ApplicationScoped
public class KafkaClients {

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    /**
     * @param own the settings this producer needs whatever the deployment (serializers, acks, idempotence);
     *            they override the shared ones
     * @return the shared {@code kafka.*} settings a producer knows, plus {@code own}
     */
    public Map<String, Object> producer(Map<String, Object> own) {
        return select(kafka, ProducerConfig.configNames(), own);
    }

    /** @return the shared {@code kafka.*} settings an admin client knows, plus {@code own} */
    public Map<String, Object> admin(Map<String, Object> own) {
        return select(kafka, AdminClientConfig.configNames(), own);
    }

    /** The shared settings the client knows (others would only be logged as unknown), then its own. */
    static Map<String, Object> select(Map<String, Object> shared, Set<String> known, Map<String, Object> own) {
        Map<String, Object> config = new HashMap<>();
        shared.forEach((key, value) -> {
            if (known.contains(key) && value != null && !value.toString().isEmpty()) {
                config.put(key, value);
            }
        });
        config.putAll(own);
        return config;
    }
}
