package doorstep.intake.api;

import static doorstep.intake.api.IntakeApi.agent;
import static doorstep.intake.api.IntakeApi.as;
import static doorstep.intake.api.IntakeApi.reportOrder;
import static doorstep.intake.api.IntakeApi.siteWithUnit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import doorstep.intake.projection.OrderSummary;
import doorstep.platform.personal.KeyTable;
import doorstep.testing.DoorstepTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake"))
class OrderRebuildTest {

    @Inject
    KeyTable keys;
    @Inject
    EntityManager em;

    @Test
    void theOrderListRebuiltFromTheEventStoreEqualsTheLiveOne() {
        String[] site = siteWithUnit();
        String a = reportOrder(site[1]);
        String b = reportOrder(site[1]);
        agent().body(Map.of("content", "改为卫生间漏水", "warranty", true)).post("/api/v1/orders/" + a + "/amendment").then().statusCode(200);
        agent().body(Map.of("reason", "重复")).post("/api/v1/orders/" + b + "/cancellation").then().statusCode(200);
        String live = page(site[0]);
        assertThat(live).contains(a, b, "改为卫生间漏水", "CANCELLED");

        as("admin").post("/api/v1/admin/projections/order-summary/rebuild").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as("admin").get("/api/v1/admin/projections/order-summary").then().body("state", equalTo("SUCCEEDED")));

        assertThat(page(site[0])).isEqualTo(live);
        as("admin").get("/api/v1/admin/projections").then().statusCode(200)
                .body("projection", org.hamcrest.Matchers.hasItem("order-summary"));
    }

    /**
     * A rebuild's page holds its summaries' changes until the page ends; reading an order's key to decrypt the next
     * event must not send them early (it did, once per key).
     */
    @Test
    void readingAnOrdersKeyDoesNotFlushTheWritesPendingInTheTransaction() {
        String order = reportOrder(siteWithUnit()[1]);
        QuarkusTransaction.begin();
        try {
            OrderSummary row = OrderSummary.findById(order);
            String stored = row.content;
            row.content = "尚未写入";

            assertThat(keys.keyForReading(order)).isPresent();

            assertThat(contentInTheDatabase(order)).as("the pending change was flushed by the key's query").isEqualTo(stored);
        } finally {
            QuarkusTransaction.rollback();
        }
    }

    private String contentInTheDatabase(String order) {
        return em.unwrap(org.hibernate.Session.class).doReturningWork(c -> {
            try (var ps = c.prepareStatement("select content from order_summary where order_id = ?")) {
                ps.setString(1, order);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    private static String page(String site) {
        List<Object> items = agent().queryParam("siteId", site).get("/api/v1/orders").then().statusCode(200).extract().path("items");
        return items.toString();
    }
}
