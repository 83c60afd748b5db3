package doorstep.dispatch.api;

import static doorstep.dispatch.api.DispatchTestSupport.agent;
import static doorstep.dispatch.api.DispatchTestSupport.newSiteWithTechnicians;
import static doorstep.dispatch.api.DispatchTestSupport.reportedOrder;
import static doorstep.dispatch.api.DispatchTestSupport.technician;
import static doorstep.dispatch.api.DispatchTestSupport.technicianId;
import static doorstep.dispatch.api.DispatchTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import doorstep.platform.events.CloudEventsKafka;
import doorstep.testing.DoorstepTestResource;
import doorstep.testing.EventSchemas;
import doorstep.testing.KafkaTopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** What integrators see on doorstep.dispatch.events. */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "dispatch"))
class DispatchEventsTest {

    @Test
    void eventsReachKafkaInOrderAsCloudEventsValidAgainstTheirSchemas() {
        String tech = technicianId();
        String order = reportedOrder(newSiteWithTechnicians(tech), "u-9");
        agent().body(Map.of("technicianId", tech)).post("/api/v1/dispatches/" + order + "/assignment").then().statusCode(200);
        technician(tech).post("/api/v1/dispatches/" + order + "/acceptance").then().statusCode(200);
        technician(tech).post("/api/v1/dispatches/" + order + "/arrival").then().statusCode(200);

        List<ConsumerRecord<String, byte[]>> ours = KafkaTopicReader.awaitRecords("doorstep.dispatch.events", Duration.ofSeconds(30),
                        records -> records.stream().filter(r -> order.equals(r.key())).count() >= 5)
                .stream().filter(r -> order.equals(r.key())).toList();
        assertThat(ours).extracting(r -> CloudEventsKafka.header(r.headers(), "ce_type")).containsExactly(
                "doorstep.dispatch.DispatchOpened.v2", "doorstep.dispatch.TechnicianAssigned.v1",
                "doorstep.dispatch.ConversionDeadlineSet.v1", "doorstep.dispatch.AssignmentAccepted.v1",
                "doorstep.dispatch.VisitStarted.v1");
        for (ConsumerRecord<String, byte[]> r : ours) {
            String[] type = CloudEventsKafka.header(r.headers(), "ce_type").split("\\.");
            int version = Integer.parseInt(type[3].substring(1));
            assertThat(EventSchemas.violations("dispatch", type[2], version, utf8(r.value()))).as(type[2]).isEmpty();
            assertThat(CloudEventsKafka.header(r.headers(), "ce_dataschema"))
                    .isEqualTo("urn:doorstep:schema:dispatch:" + type[2] + ":v" + version);
            assertThat(CloudEventsKafka.header(r.headers(), "ce_source")).isEqualTo("/doorstep/dispatch");
        }
    }
}
