package example.integrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** One line per event, from records built as Doorstep's relay writes them, checked against the real contract jars. */
class EventLinesTest {

    static final String ORDER = "0b7e5c1a-4c1e-4f3e-9a6e-2f1d3c4b5a69";
    static final String SEALED = "{\"keyId\":\"" + ORDER + "\",\"encrypted\":\"c2VjcmV0LXBob25lLTEzODEyMzQ1Njc4\"}";
    static final String T = "2026-11-29T02:10:00Z";

    final EventLines lines = new EventLines(PublishedSchemas.fromClasspath());

    @Test
    void aReportIsPrintedWithItsNumberAndEveryLaterEventOfTheOrderToo() {
        String assigned = "{\"technicianId\":\"tech-zhang\",\"technicianName\":\"张师傅\",\"previousTechnicianId\":null,"
                + "\"assignedAt\":\"" + T + "\",\"arrivalDueAt\":\"2026-11-29T02:25:00Z\"}";
        assertThat(line("doorstep.dispatch.events", "doorstep.dispatch.TechnicianAssigned.v1", assigned))
                .as("before the report is read, the order is shown by id")
                .startsWith(T).contains(ORDER).contains("dispatch.TechnicianAssigned.v1").contains("agent-7(agent)")
                .endsWith("technician=tech-zhang arrival due 2026-11-29T02:25:00Z");

        String report = line("doorstep.intake.events", "doorstep.intake.ProblemReported.v1", problemReported());
        assertThat(report).contains("PG20261129-000001").contains("intake.ProblemReported.v1")
                .endsWith("site=sunny-garden 3栋1202 visit ASAP \"厨房水管漏水\"")
                .doesNotContain(ORDER).doesNotContain("王").doesNotContain("keyId").doesNotContain("encrypted");

        assertThat(line("doorstep.dispatch.events", "doorstep.dispatch.TechnicianAssigned.v1", assigned))
                .contains("PG20261129-000001").doesNotContain(ORDER);
    }

    @Test
    void dispatchOpenedTeachesTheNumberInBothVersions() {
        for (String version : new String[] {"v1", "v2"}) {
            EventLines fresh = new EventLines(PublishedSchemas.fromClasspath());
            String opened = "{\"orderId\":\"" + ORDER + "\",\"orderNumber\":\"PG20261129-000007\",\"siteId\":\"sunny-garden\","
                    + "\"siteTimeZone\":\"Asia/Shanghai\",\"locationKind\":\"IN_UNIT\",\"unitId\":\"u-1\",\"unitLabel\":\"3栋-1202\","
                    + "\"reporterName\":" + SEALED + ",\"reporterPhone\":" + SEALED + ",\"reporterPhoneExtension\":null,"
                    + "\"agreedVisitAt\":null,\"content\":\"厨房水管漏水\",\"warranty\":true,\"reportedAt\":\"" + T + "\"}";
            assertThat(fresh.lineFor(record("doorstep.dispatch.events", "doorstep.dispatch.DispatchOpened." + version, opened)))
                    .get(STRING).as(version).contains("PG20261129-000007").endsWith("site=sunny-garden 3栋-1202 warranty");
            assertThat(fresh.lineFor(record("doorstep.dispatch.events", "doorstep.dispatch.WorkStarted.v1", "{\"at\":\"" + T + "\"}")))
                    .get(STRING).as(version).contains("PG20261129-000007").doesNotContain(ORDER);
        }
    }

    @Test
    void eachImportantTypeShowsItsKeyFacts() {
        assertThat(line("doorstep.dispatch.events", "doorstep.dispatch.WorkCompleted.v1", "{\"technicianId\":\"tech-zhang\",\"at\":\"" + T
                + "\",\"result\":\"已更换角阀\",\"serviceItems\":[],\"materialsUsed\":[],\"technicianSignatureRef\":" + SEALED
                + ",\"visits\":[{\"startedAt\":\"2026-11-29T01:00:00Z\",\"endedAt\":\"2026-11-29T01:10:00Z\"},"
                + "{\"startedAt\":\"2026-11-29T02:00:00Z\",\"endedAt\":\"2026-11-29T02:18:05Z\"}],\"handlingSeconds\":1685,"
                + "\"paid\":true,\"part\":\"PRIVATE\",\"warranty\":false,\"checks\":{\"siteCleaned\":true,\"testedAndDemonstrated\":true,"
                + "\"useExplained\":true,\"skippedReason\":null},\"reviewAndArchiveDueAt\":\"2026-11-29T16:00:00Z\"}"))
                .endsWith("paid handling 28m05s 2 visits").doesNotContain("encrypted");
        assertThat(line("doorstep.billing.events", "doorstep.billing.ChargeRaised.v1", "{\"chargeId\":\"c-1\",\"orderId\":\"" + ORDER
                + "\",\"quoteId\":null,\"technicianId\":\"tech-zhang\",\"at\":\"" + T + "\",\"totalFen\":4600,\"breakdown\":"
                + "{\"scheduleVersion\":3,\"handlingSeconds\":1500,\"windows\":1,\"lines\":[],\"absorbed\":[],\"totalFen\":4600}}"))
                .endsWith("charged ¥46.00 schedule v3");
        assertThat(line("doorstep.billing.events", "doorstep.billing.NoChargeRecorded.v1", "{\"orderId\":\"" + ORDER
                + "\",\"technicianId\":\"tech-zhang\",\"reason\":\"COMMON_PART\",\"at\":\"" + T + "\"}"))
                .endsWith("no charge: COMMON_PART");
        assertThat(line("doorstep.dispatch.events", "doorstep.dispatch.OwnerAccepted.v1", "{\"at\":\"" + T + "\",\"signatureRef\":" + SEALED
                + ",\"rating\":4,\"comment\":" + SEALED + "}"))
                .endsWith("rating 4/5").doesNotContain("keyId").doesNotContain("c2VjcmV0");
        assertThat(line("doorstep.dispatch.events", "doorstep.dispatch.ConvertedToCoordination.v1", "{\"at\":\"" + T
                + "\",\"rule\":\"IN_UNIT_SAME_DAY\",\"dueAt\":\"2026-11-29T16:00:00Z\"}"))
                .endsWith("rule=IN_UNIT_SAME_DAY due 2026-11-29T16:00:00Z");
        assertThat(line("doorstep.followup.events", "doorstep.followup.CoordinationOrderOpened.v1", "{\"orderId\":\"" + ORDER
                + "\",\"coordinationNumber\":\"XT20261130-000001\",\"siteId\":\"sunny-garden\",\"siteTimeZone\":\"Asia/Shanghai\","
                + "\"trackerId\":\"tech-zhang\",\"conversionRule\":\"IN_UNIT_SAME_DAY\",\"convertedAt\":\"" + T + "\",\"at\":\"" + T
                + "\",\"firstEntryDueAt\":\"2026-12-06T16:00:00Z\",\"firstCheckMonth\":\"2026-11\",\"firstChecksDueAt\":\"2026-11-30T16:00:00Z\"}"))
                .endsWith("coordination order XT20261130-000001 rule=IN_UNIT_SAME_DAY first entry due 2026-12-06T16:00:00Z");
        assertThat(line("doorstep.billing.events", "doorstep.billing.PaymentRecorded.v1", "{\"paymentId\":\"p-1\",\"orderId\":\"" + ORDER
                + "\",\"amountFen\":4605,\"method\":\"WECHAT_PAY\",\"payer\":" + SEALED + ",\"receivedBy\":\"tech-zhang\",\"at\":\"" + T + "\"}"))
                .endsWith("paid ¥46.05 by WECHAT_PAY").doesNotContain("keyId");
    }

    @Test
    void anyOtherTypeShowsAFewScalarsOfItsDataButNoPersonalValue() {
        // CallbackNotReached: agentId, at, attempt, note (personal, sealed): no explicit choice for it.
        assertThat(line("doorstep.followup.events", "doorstep.followup.CallbackNotReached.v1", "{\"note\":" + SEALED
                + ",\"agentId\":\"agent-7\",\"attempt\":2,\"at\":\"" + T + "\"}"))
                .contains("followup.CallbackNotReached.v1").endsWith("  agentId=agent-7 attempt=2")
                .doesNotContain("keyId").doesNotContain("c2VjcmV0");
        // An old event holding a personal value in clear where the schema now says it may be sealed: still not shown.
        assertThat(KeyFacts.generic(json("{\"note\":\"王先生 13812345678\",\"agentId\":\"agent-7\"}"), Set.of("note")))
                .isEqualTo("agentId=agent-7");
        assertThat(KeyFacts.generic(json("{\"a\":1,\"b\":true,\"c\":\"" + "长".repeat(60) + "\",\"d\":null,\"e\":{\"x\":1},\"f\":2,\"g\":3}"), Set.of()))
                .as("at most four scalars, long texts cut, nulls and objects skipped")
                .isEqualTo("a=1 b=true c=" + "长".repeat(39) + "… f=2");
    }

    @Test
    void thePersonalFieldsAreTheOnesTheSchemaLetsBeSealed() {
        PublishedSchemas schemas = PublishedSchemas.fromClasspath();
        assertThat(schemas.find("urn:doorstep:schema:dispatch:DispatchOpened:v1")).get()
                .extracting(PublishedSchemas.Schema::personalFields)
                .isEqualTo(Set.of("reporterName", "reporterPhone", "reporterPhoneExtension"));
        assertThat(schemas.find("urn:doorstep:schema:dispatch:OwnerAccepted:v1")).get()
                .extracting(PublishedSchemas.Schema::personalFields).isEqualTo(Set.of("signatureRef", "comment"));
        assertThat(schemas.find("urn:doorstep:schema:dispatch:TechnicianAssigned:v1")).get()
                .extracting(PublishedSchemas.Schema::personalFields).isEqualTo(Set.of());
    }

    @Test
    void dataThatDoesNotMatchItsSchemaIsOneLineWithTheViolation() {
        String line = line("doorstep.dispatch.events", "doorstep.dispatch.OwnerAccepted.v1", "{\"at\":\"" + T + "\",\"signatureRef\":"
                + SEALED + ",\"rating\":\"five\",\"comment\":null}");
        assertThat(line).contains("dispatch.OwnerAccepted.v1")
                .contains("INVALID against urn:doorstep:schema:dispatch:OwnerAccepted:v1: ").contains("rating")
                .doesNotContain("rating 0/5").doesNotContain("\n");
        assertThat(line("doorstep.dispatch.events", "doorstep.dispatch.TechnicianAssigned.v1", "{\"technicianId\":\"tech-zhang\"}"))
                .contains("INVALID").contains("arrivalDueAt");
    }

    @Test
    void anUnknownTypeOrVersionIsOneLineSayingSo() {
        assertThat(line("doorstep.dispatch.events", "doorstep.dispatch.WorkCompleted.v9", "{\"paid\":true}"))
                .contains("dispatch.WorkCompleted.v9")
                .endsWith("UNKNOWN type or version: no published schema urn:doorstep:schema:dispatch:WorkCompleted:v9");
        assertThat(line("doorstep.dispatch.events", "doorstep.dispatch.TeleportStarted.v1", "{}"))
                .endsWith("UNKNOWN type or version: no published schema urn:doorstep:schema:dispatch:TeleportStarted:v1");
    }

    @Test
    void aRedeliveredEventIsPrintedOnce() {
        ConsumerRecord<String, byte[]> record = record("doorstep.dispatch.events", "doorstep.dispatch.ConvertedToCoordination.v1",
                "{\"at\":\"" + T + "\",\"rule\":\"IN_UNIT_SAME_DAY\",\"dueAt\":\"2026-11-29T16:00:00Z\"}");
        assertThat(lines.lineFor(record)).isPresent();
        assertThat(lines.lineFor(record)).isEmpty();
        assertThat(lines.lineFor(record("doorstep.dispatch.events", "doorstep.dispatch.ConvertedToCoordination.v1",
                "{\"at\":\"" + T + "\",\"rule\":\"IN_UNIT_SAME_DAY\",\"dueAt\":\"2026-11-29T16:00:00Z\"}")))
                .as("another event of the same type").isPresent();
    }

    @Test
    void structuredModeAndRecordsWithoutDataschemaAreReadToo() {
        String structured = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/doorstep/billing\","
                + "\"type\":\"doorstep.billing.NoChargeRecorded.v1\",\"subject\":\"" + ORDER + "\",\"time\":\"" + T + "\","
                + "\"datacontenttype\":\"application/json\",\"dataschema\":\"urn:doorstep:schema:billing:NoChargeRecorded:v1\","
                + "\"actorid\":\"system\",\"actorrole\":\"system\",\"data\":{\"orderId\":\"" + ORDER
                + "\",\"technicianId\":\"tech-zhang\",\"reason\":\"WARRANTY\",\"at\":\"" + T + "\"}}";
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("doorstep.billing.events", 0, 7, ORDER,
                structured.getBytes(StandardCharsets.UTF_8));
        record.headers().add("content-type", CloudEvent.STRUCTURED.getBytes(StandardCharsets.UTF_8));
        assertThat(lines.lineFor(record)).get(STRING).contains(ORDER).contains("billing.NoChargeRecorded.v1")
                .contains("system(system)").endsWith("no charge: WARRANTY");

        ConsumerRecord<String, byte[]> old = record("doorstep.billing.events", "doorstep.billing.NoChargeRecorded.v1",
                "{\"orderId\":\"" + ORDER + "\",\"technicianId\":\"tech-zhang\",\"reason\":\"FREE_SERVICE\",\"at\":\"" + T + "\"}");
        old.headers().remove("ce_dataschema");
        assertThat(lines.lineFor(old)).get(STRING).as("the schema found from the type").endsWith("no charge: FREE_SERVICE");
    }

    @Test
    void aRecordThatIsNoCloudEventIsOneLineSayingSo() {
        ConsumerRecord<String, byte[]> junk = new ConsumerRecord<>("doorstep.intake.events", 2, 41, ORDER,
                "not json\nat all".getBytes(StandardCharsets.UTF_8));
        assertThat(lines.lineFor(junk)).get(STRING).contains(ORDER).contains("doorstep.intake.events@2:41")
                .contains("NOT A CLOUDEVENT: specversion is null").doesNotContain("\n");
        ConsumerRecord<String, byte[]> notJson = record("doorstep.intake.events", "doorstep.intake.OrderCancelled.v1", "{");
        assertThat(lines.lineFor(notJson)).get(STRING).contains("NOT A CLOUDEVENT: the value is not JSON");
    }

    private String line(String topic, String type, String data) {
        Optional<String> line = lines.lineFor(record(topic, type, data));
        assertThat(line).as("a line for " + type).isPresent();
        assertThat(line.get()).doesNotContain("\n");
        return line.get();
    }

    /** A record as Doorstep's relay writes it: CloudEvents binary mode, keyed by the order id. */
    static ConsumerRecord<String, byte[]> record(String topic, String type, String data) {
        String[] parts = type.split("\\.");
        ConsumerRecord<String, byte[]> r = new ConsumerRecord<>(topic, 0, 0, ORDER, data.getBytes(StandardCharsets.UTF_8));
        header(r, "ce_specversion", "1.0");
        header(r, "ce_id", UUID.randomUUID().toString());
        header(r, "ce_source", "/doorstep/" + parts[1]);
        header(r, "ce_type", type);
        header(r, "ce_subject", ORDER);
        header(r, "ce_time", T);
        header(r, "content-type", "application/json");
        header(r, "ce_dataschema", "urn:doorstep:schema:" + parts[1] + ":" + parts[2] + ":" + parts[3]);
        header(r, "ce_actorid", "agent-7");
        header(r, "ce_actorrole", "agent");
        return r;
    }

    private static void header(ConsumerRecord<String, byte[]> r, String name, String value) {
        r.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String problemReported() {
        return "{\"orderId\":\"" + ORDER + "\",\"orderNumber\":\"PG20261129-000001\",\"siteId\":\"sunny-garden\","
                + "\"siteTimeZone\":\"Asia/Shanghai\",\"location\":{\"kind\":\"IN_UNIT\",\"unitId\":\"u-1\",\"unitLabel\":\"3栋1202\","
                + "\"publicArea\":null},\"legalOwner\":{\"name\":" + SEALED + ",\"phones\":[{\"canonical\":" + SEALED
                + ",\"kind\":\"MOBILE\",\"fallbackDial\":" + SEALED + ",\"extension\":null}]},\"reporter\":{\"name\":" + SEALED + ",\"phone\":{\"canonical\":"
                + SEALED + ",\"kind\":\"MOBILE\",\"fallbackDial\":" + SEALED + ",\"extension\":null}},"
                + "\"visitTime\":{\"asSoonAsPossible\":true,\"agreedAt\":null},\"content\":\"厨房水管漏水\",\"channel\":\"CUSTOMER_CENTER\","
                + "\"reportingDepartment\":null,\"warranty\":false,\"reportedAt\":\"" + T + "\",\"repeatOf\":null}";
    }
}
