package example.integrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class IntegratorTest {

    @Test
    void theBrokerIsTheArgumentElseTheLocalStacks() {
        assertThat(Integrator.bootstrapServers(new String[] {"kafka-1:9092,kafka-2:9092"}, Map.of("DOORSTEP_LOCAL_KAFKA_PORT", "29092")))
                .isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(Integrator.bootstrapServers(new String[] {null}, Map.of("DOORSTEP_LOCAL_KAFKA_PORT", "29092")))
                .as("-Pintegrator without -Dkafka, beside a second stack").isEqualTo("localhost:29092");
        assertThat(Integrator.bootstrapServers(new String[] {" "}, Map.of())).isEqualTo("localhost:19092");
        assertThat(Integrator.bootstrapServers(new String[0], Map.of())).isEqualTo("localhost:19092");
    }
}
