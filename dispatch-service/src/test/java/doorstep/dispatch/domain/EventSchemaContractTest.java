package doorstep.dispatch.domain;


import doorstep.dispatch.application.DispatchEvents;
import doorstep.platform.events.EventCatalog;
import doorstep.testing.EventSchemaContract;
import org.junit.jupiter.api.Test;

/** The published schema files match the event records (a changed record shows up as a schema diff in review). */
class EventSchemaContractTest {

    /** The contract check of doorstep.dispatch.events (D50): schemas generated from the records, compatible with the published ones. */
    @Test
    void everyPublishedEventVersionHasACompatibleSchemaAndIsReadable() {
        EventCatalog catalog = DispatchEvents.catalog();
        EventSchemaContract.check("dispatch", catalog.types().stream()
                .map(t -> new EventSchemaContract.Published(t.javaType(), t.schemaVersion(), catalog.readableVersions(t))).toList());
    }

    /** A personal value as the cipher writes it (D48): sealed under the order's key, or marked erased. */
    private static final String SEALED = "{\"keyId\":\"o-1\",\"encrypted\":\"AAECAwQFBgcICQoLDA0ODxAREhM=\"}";
    private static final String ERASED = "{\"keyId\":\"o-1\",\"erased\":true}";

    @Test
    void aDispatchOpenedWrittenBeforePhoneExtensionsStillMatchesItsSchema() {
        String old = "{\"orderId\":\"o-1\",\"orderNumber\":\"PG20261130-000001\",\"siteId\":\"site-a\",\"siteTimeZone\":\"Asia/Shanghai\","
                + "\"locationKind\":\"IN_UNIT\",\"unitId\":\"u-1\",\"unitLabel\":\"3栋-1202\",\"warranty\":false,\"agreedVisitAt\":null,"
                + "\"content\":\"漏水\",\"reporterName\":" + SEALED + ",\"reporterPhone\":" + ERASED + ",\"reportedAt\":\"2026-11-30T02:00:00Z\"}";
        org.assertj.core.api.Assertions.assertThat(doorstep.testing.EventSchemas.violations("dispatch", "DispatchOpened", 1, old)).isEmpty();
        org.assertj.core.api.Assertions.assertThat(doorstep.testing.EventSchemas.violations("dispatch", "DispatchOpened", 1,
                old.substring(0, old.length() - 1) + ",\"reporterPhoneExtension\":" + SEALED + "}")).isEmpty();
    }
}
