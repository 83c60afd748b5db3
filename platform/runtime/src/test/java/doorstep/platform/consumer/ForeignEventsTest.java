package doorstep.platform.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import doorstep.platform.domain.Nullable;
import doorstep.platform.events.Actor;
import doorstep.platform.events.EventEnvelope;
import org.junit.jupiter.api.Test;

/** Given another service's event, when a consumer binds it to its record, then only data of the contract's shape reads (D50). */
class ForeignEventsTest {

    enum Part { PRIVATE, COMMON }

    @ForeignEvent(service = "dispatch")
    record WorkCompleted(boolean paid, int rating, String technicianId, Instant at, @Nullable Part part, List<Item> items, Reporter reporter) {
    }

    record Item(String code, int quantity) {
    }

    record Reporter(String name, Phone phone) {
    }

    record Phone(String canonical, @Nullable(absentInOlderEvents = true) String extension) {
    }

    private static final String VALID = "{\"paid\":true,\"rating\":4,\"technicianId\":\"tech-1\",\"at\":\"2026-11-30T02:00:00Z\","
            + "\"part\":null,\"items\":[{\"code\":\"S-1\",\"quantity\":2}],\"reporter\":{\"name\":\"王\",\"phone\":{\"canonical\":\"13812345678\"}},"
            + "\"unknownToThisConsumer\":1}";

    private static final EventEnvelope EVENT = new EventEnvelope(UUID.fromString("00000000-0000-0000-0000-000000000001"), "dispatch",
            "WorkCompleted", 1, "o-1", 1, 0, Instant.parse("2026-11-30T02:00:00Z"), "site-a", UUID.randomUUID(), null,
            Actor.service("dispatch"), VALID);

    private static WorkCompleted bind(String json) throws Exception {
        JsonNode data = new ObjectMapper().readTree(json);
        return ForeignEvents.bind(EVENT, data, WorkCompleted.class);
    }

    private static void refused(String json, String reason) {
        assertThatThrownBy(() -> bind(json)).isInstanceOf(ContractViolation.class)
                .hasMessage("doorstep.dispatch.WorkCompleted.v1 00000000-0000-0000-0000-000000000001 breaks the contract: " + reason);
    }

    @Test
    void dataOfTheContractsShapeReadsAndAFieldAddedLaterReadsAsNullWhereMarked() throws Exception {
        WorkCompleted done = bind(VALID);
        assertThat(done.paid()).isTrue();
        assertThat(done.items()).containsExactly(new Item("S-1", 2));
        assertThat(done.reporter().phone().extension()).isNull();
        assertThat(done.at()).isEqualTo(Instant.parse("2026-11-30T02:00:00Z"));
    }

    @Test
    void aMissingFieldIsNamedWithItsPath() {
        refused(VALID.replace("\"paid\":true,", ""), "property 'paid' is missing");
        refused(VALID.replace("\"canonical\":\"13812345678\"", "\"number\":\"13812345678\""), "property 'reporter.phone.canonical' is missing");
    }

    @Test
    void aNullIsRefusedUnlessTheFieldMayBeNull() {
        refused(VALID.replace("\"technicianId\":\"tech-1\"", "\"technicianId\":null"), "property 'technicianId' is null");
        refused(VALID.replace("{\"code\":\"S-1\",\"quantity\":2}", "null"), "property 'items[0]' is null");
        assertThatThrownBy(() -> bind(VALID.replace("\"paid\":true", "\"paid\":null"))).isInstanceOf(ContractViolation.class)
                .hasMessageContaining("paid");
    }

    @Test
    void noValueIsCoercedFromAnotherJsonType() {
        assertThatThrownBy(() -> bind(VALID.replace("\"paid\":true", "\"paid\":\"true\""))).isInstanceOf(ContractViolation.class)
                .hasMessageContaining("'paid'");
        assertThatThrownBy(() -> bind(VALID.replace("\"rating\":4", "\"rating\":4.7"))).isInstanceOf(ContractViolation.class)
                .hasMessageContaining("'rating'");
        assertThatThrownBy(() -> bind(VALID.replace("\"technicianId\":\"tech-1\"", "\"technicianId\":17"))).isInstanceOf(ContractViolation.class)
                .hasMessageContaining("'technicianId'");
        assertThatThrownBy(() -> bind(VALID.replace("\"at\":\"2026-11-30T02:00:00Z\"", "\"at\":1764468000"))).isInstanceOf(ContractViolation.class)
                .hasMessageContaining("'at'");
    }

    @Test
    void anUnknownEnumValueIsRefused() {
        assertThatThrownBy(() -> bind(VALID.replace("\"part\":null", "\"part\":\"ROOF\""))).isInstanceOf(ContractViolation.class)
                .hasMessageContaining("'part'").hasMessageContaining("ROOF");
    }

    @Test
    void theConsumersEventNamesComeFromItsRecords() {
        assertThat(ForeignEvents.names(java.util.Set.of("PersonalDataErased"), WorkCompleted.class))
                .containsExactlyInAnyOrder("WorkCompleted", "PersonalDataErased");
        assertThatThrownBy(() -> ForeignEvents.names(Item.class)).isInstanceOf(IllegalArgumentException.class);
    }
}
