package doorstep.dispatch.domain;

import java.util.Arrays;
import java.util.List;

import doorstep.testing.EventSchemaContract;
import org.junit.jupiter.api.Test;

/** The published schema files match the event records (a changed record shows up as a schema diff in review). */
class EventSchemaContractTest {

    @Test
    void everyDispatchAndCalendarEventHasAnUpToDateSchema() {
        List<Class<?>> events = new java.util.ArrayList<>(Arrays.asList(DispatchEvent.class.getPermittedSubclasses()));
        events.addAll(Arrays.asList(CalendarEvent.class.getPermittedSubclasses()));
        events.add(doorstep.platform.personal.PersonalDataErased.class); // every service records it (D48)
        EventSchemaContract.check("dispatch", events, 1);
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
