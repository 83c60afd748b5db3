package doorstep.intake.forms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import doorstep.platform.web.TimelineEntry;
import doorstep.testing.DoorstepTestResource;
import doorstep.testing.Http;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The dispatch order prints, inside the running service (its class loader, the quarkus-qute extension present), from
 * the timeline intake itself answers for a report made through its API: the real event data, personal fields revealed.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake"))
class FormsFromTheServiceTimelineTest {

    @Inject
    ObjectMapper json;

    @Test
    void aReportJustMadePrintsItsFiveElementsFromIntakesTimeline() throws Exception {
        String site = "site-" + UUID.randomUUID().toString().substring(0, 8);
        Http.as("admin", "admin-1").body(Map.of("id", site, "name", "阳光花园")).post("/api/v1/sites").then().statusCode(201);
        String unit = Http.as("admin", "admin-1").body(Map.of("siteId", site, "building", "3栋", "unitNumber", "1202",
                        "owner", Map.of("name", "李四", "phones", List.of("139 0000 1111"))))
                .post("/api/v1/units").then().statusCode(201).extract().path("id");
        String order = Http.as("agent", "agent-1").body(Map.of("unitId", unit,
                        "reporter", Map.of("name", "王<b>", "phone", "138-1234-5678"), "visitTime", "ASAP", "content", "厨房水管漏水"))
                .post("/api/v1/orders").then().statusCode(201).extract().path("id");
        String number = Http.as("agent", "agent-1").get("/api/v1/orders/" + order).then().statusCode(200).extract().path("number");
        String body = Http.as("agent", "agent-1").get("/api/v1/orders/" + order + "/timeline").then().statusCode(200)
                .extract().asString();
        List<TimelineEntry> timeline = json.readValue(json.readTree(body).get("items").traverse(json), new TypeReference<>() {
        });

        FormHtml form = new FormHtml(DispatchOrderForm.render(timeline));

        assertThat(form.field("order-number")).isEqualTo(number);
        assertThat(form.field("site")).isEqualTo(site);
        assertThat(form.field("location")).contains("3栋").contains("1202");
        assertThat(form.field("location-kind")).isEqualTo("户内");
        assertThat(form.field("reporter-name")).isEqualTo("王<b>");
        assertThat(form.field("reporter-phone")).isEqualTo("13812345678");
        assertThat(form.field("visit-time")).isEqualTo("尽快");
        assertThat(form.field("content")).isEqualTo("厨房水管漏水");
        assertThat(form.field("legal-owner-name")).isEqualTo("李四");
        assertThat(form.field("legal-owner-phones")).isEqualTo("13900001111");
        assertThat(form.field("status")).isEqualTo("已报事,待派工");
        assertThat(form.field("time-zone")).isEqualTo("Asia/Shanghai");
        assertThat(form.doc.select("b")).isEmpty();
    }
}
