package doorstep.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** Which shared kafka.* settings a client Doorstep makes itself receives. */
class KafkaClientsTest {

    final Map<String, Object> shared = Map.of(
            "bootstrap.servers", "broker:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";",
            "ssl.truststore.location", "/etc/doorstep/kafka-ca/ca.crt",
            "auto.offset.reset", "earliest", // a consumer's setting: no producer or admin client knows it
            "acks", "1");

    @Test
    void aProducerTakesEverySecuritySettingAndItsOwnSettingsWin() {
        Map<String, Object> config = KafkaClients.select(shared, ProducerConfig.configNames(), Map.of(ProducerConfig.ACKS_CONFIG, "all"));

        assertThat(config).containsEntry("bootstrap.servers", "broker:9093").containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsKey("sasl.jaas.config")
                .containsEntry("ssl.truststore.location", "/etc/doorstep/kafka-ca/ca.crt")
                .containsEntry("acks", "all")
                .doesNotContainKey("auto.offset.reset");
    }

    @Test
    void anAdminClientTakesTheSameSecurityButNotProducerSettings() {
        Map<String, Object> config = KafkaClients.select(shared, AdminClientConfig.configNames(), Map.of());

        assertThat(config).containsEntry("security.protocol", "SASL_SSL").containsKey("sasl.jaas.config")
                .doesNotContainKeys("acks", "auto.offset.reset");
    }
}
