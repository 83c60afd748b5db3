package doorstep.dispatch.api;

import static doorstep.dispatch.api.DispatchTestSupport.newSiteWithTechnicians;
import static doorstep.dispatch.api.DispatchTestSupport.reportedOrder;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import doorstep.dispatch.application.DispatchCommands;
import doorstep.dispatch.application.DispatchEvents;
import doorstep.dispatch.domain.DispatchEvent.DispatchOpened;
import doorstep.platform.events.EventCatalog;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.eventstore.EventStore;
import doorstep.platform.projection.Projection;
import doorstep.platform.projection.ProjectionRebuilder;
import doorstep.platform.projection.Projections;
import doorstep.testing.DoorstepTestResource;
import doorstep.testing.Http;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * An old stream replays (D50): a {@code DispatchOpened} stored at version 1 before D40, without
 * {@code reporterPhoneExtension}, is read through its upcaster as today's version 2, by the aggregate and by
 * every projection rebuilt from the log, to the same state as the same order stored at version 2.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "dispatch"))
class UpcastingTest {

    @Inject
    EntityManager em;
    @Inject
    EventStore store;
    @Inject
    EventCatalog catalog;
    @Inject
    DispatchCommands commands;
    @Inject
    Projections projections;
    @Inject
    ProjectionRebuilder rebuilder;

    @Test
    void aVersionOneDispatchOpenedReplaysToTheSameStateAsVersionTwo() {
        // given: an order opened today, stored as DispatchOpened.v2 with reporterPhoneExtension null
        String site = newSiteWithTechnicians();
        String current = reportedOrder(site, "unit-" + UUID.randomUUID());
        EventEnvelope today = QuarkusTransaction.requiringNew().call(() -> store.load(current)).get(0);
        assertThat(today.type()).isEqualTo("DispatchOpened");
        assertThat(today.schemaVersion()).isEqualTo(2);
        assertThat(json(today.payload()).has("reporterPhoneExtension")).isTrue();

        // and the same order as it was stored before D40: version 1, without the field
        String old = UUID.randomUUID().toString();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("insert into event_store (event_id, stream_id, stream_version, "
                        + "event_type, schema_version, occurred_at, site_id, correlation_id, causation_id, actor_id, actor_role, payload) "
                        + "select ?1, ?2, 1, event_type, 1, occurred_at, site_id, correlation_id, causation_id, actor_id, actor_role, "
                        + "jsonb_set(payload - 'reporterPhoneExtension', '{orderId}', to_jsonb(cast(?2 as text))) "
                        + "from event_store where event_id = ?3")
                .setParameter(1, UUID.randomUUID()).setParameter(2, old).setParameter(3, today.eventId()).executeUpdate());
        EventEnvelope stored = QuarkusTransaction.requiringNew().call(() -> store.load(old)).get(0);
        assertThat(stored.schemaVersion()).isEqualTo(1);
        assertThat(json(stored.payload()).has("reporterPhoneExtension")).isFalse();

        // when: both are read, and every projection is rebuilt from the log
        DispatchOpened upcast = (DispatchOpened) QuarkusTransaction.requiringNew().call(() -> catalog.decode(stored));
        DispatchOpened written = (DispatchOpened) QuarkusTransaction.requiringNew().call(() -> catalog.decode(today));
        List<String> names = projections.list().stream().map(Projection::name).toList();
        names.forEach(rebuilder::rebuildNow);

        // then: the old event reads as the current one (the extension none), the aggregate and the views agree
        assertThat(upcast).isEqualTo(new DispatchOpened(old, written.orderNumber(), written.siteId(), written.siteTimeZone(),
                written.locationKind(), written.unitId(), written.unitLabel(), written.warranty(), written.agreedVisitAt(),
                written.content(), written.reporterName(), written.reporterPhone(), written.reportedAt(), null));
        assertThat(QuarkusTransaction.requiringNew().call(() -> commands.load(old).exists())).isTrue();
        Map<String, Object> oldView = Http.admin().get("/api/v1/dispatches/" + old).then().statusCode(200).extract().path("dispatch");
        Map<String, Object> currentView = Http.admin().get("/api/v1/dispatches/" + current).then().statusCode(200).extract().path("dispatch");
        assertThat(oldView).containsEntry("reporterPhoneExtension", null)
                .usingRecursiveComparison().ignoringFields("orderId", "id")
                .isEqualTo(currentView);
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String payload) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(payload);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theCatalogueReadsBothVersionsAndWritesTheSecond() {
        EventCatalog types = DispatchEvents.catalog();
        EventCatalog.EventType opened = types.types().stream().filter(t -> t.name().equals("DispatchOpened")).findFirst().orElseThrow();
        assertThat(opened.schemaVersion()).isEqualTo(2);
        assertThat(types.readableVersions(opened)).containsExactly(1, 2);
    }
}
