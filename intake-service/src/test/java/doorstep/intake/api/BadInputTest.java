package doorstep.intake.api;

import static doorstep.intake.api.IntakeApi.agent;
import static doorstep.intake.api.IntakeApi.reportOrder;
import static doorstep.intake.api.IntakeApi.reportBody;
import static doorstep.intake.api.IntakeApi.siteWithUnit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Inject;

import doorstep.platform.eventstore.EventStore;
import doorstep.testing.DoorstepTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input is answered 400 problem+json naming the field, and nothing is written. */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake"))
class BadInputTest {

    @Inject
    EventStore store;

    String unitId;
    long eventsBefore;

    @BeforeEach
    void setUp() {
        unitId = siteWithUnit()[1];
        eventsBefore = events();
    }

    private long events() {
        return QuarkusTransaction.requiringNew().call(store::count);
    }

    private ValidatableResponse post(Object body) {
        ValidatableResponse r = agent().body(body).post("/api/v1/orders").then()
                .contentType("application/problem+json")
                .body("type", containsString("doorstep"))
                .body("instance", equalTo("/api/v1/orders"))
                .body("$", not(org.hamcrest.Matchers.hasKey("stackTrace")));
        assertThat(events()).as("nothing written").isEqualTo(eventsBefore);
        return r;
    }

    private Map<String, Object> with(String key, Object value) {
        Map<String, Object> body = new HashMap<>(reportBody(unitId));
        if (value == null) {
            body.remove(key);
        } else {
            body.put(key, value);
        }
        return body;
    }

    @Test
    void eachMissingElementIsNamed() {
        post(with("content", null)).statusCode(400).body("errors.field", hasItem("content"));
        post(with("visitTime", null)).statusCode(400).body("errors.field", hasItem("visitTime"));
        post(with("reporter", null)).statusCode(400).body("errors.field", hasItem("reporter"));
        post(with("reporter", Map.of("phone", "13812345678"))).statusCode(400).body("errors.field", hasItem("reporter.name"));
        post(with("reporter", Map.of("name", "王"))).statusCode(400).body("errors.field", hasItem("reporter.phone"));
        post(with("unitId", null)).statusCode(400).body("errors.field", hasItem("unitId"));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, Object> body = with("content", " ");
        body.put("visitTime", "tomorrow");
        body.put("reporter", Map.of("name", "王", "phone", "12345"));
        post(body).statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("content", "visitTime", "reporter.phone"))
                .body("detail", equalTo("3 fields are not valid"));
    }

    @Test
    void aMalformedPhoneIsNamed() {
        post(with("reporter", Map.of("name", "王", "phone", "138-1234-567"))).statusCode(400)
                .body("errors[0].field", equalTo("reporter.phone"))
                .body("errors[0].message", containsString("mobile"));
    }

    @Test
    void aPhoneIsRefusedSayingWhatIsWrongWithIt() {
        post(with("reporter", Map.of("name", "王", "phone", "138-1234-567"))).statusCode(400)
                .body("errors[0].message", equalTo("an 11-digit mobile starting with 1 expected: got 10 digits"));
        post(with("reporter", Map.of("name", "王", "phone", "转8012"))).statusCode(400)
                .body("errors[0].field", equalTo("reporter.phone"))
                .body("errors[0].message", equalTo("an extension must follow a complete number, e.g. 028-87654321转8012"));
    }

    @Test
    void aSiteAreaCodeMustBeOne() {
        IntakeApi.as("admin").body(Map.of("id", "site-bad-area", "name", "阳光花园", "areaCode", "9999"))
                .post("/api/v1/sites").then().statusCode(400).body("errors[0].field", equalTo("areaCode"));
    }

    @Test
    void anUnknownUnitIsNotFoundAndNamed() {
        // 404 rather than 400: a unit of a site not in the token must get this same answer (CrossSiteTest).
        post(with("unitId", "no-such-unit")).statusCode(404).body("detail", equalTo("unit no-such-unit does not exist"));
    }

    @Test
    void anOversizedFieldIsNamed() {
        post(with("content", "漏".repeat(2001))).statusCode(400)
                .body("errors[0].field", equalTo("content")).body("errors[0].message", containsString("2000"));
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItIsRead() {
        post(with("content", "x".repeat(3 * 1024 * 1024))).statusCode(413).body("status", equalTo(413));
    }

    @Test
    void aWrongJsonTypeIsNamed() {
        post(with("warranty", Map.of("yes", true))).statusCode(400).body("errors[0].field", equalTo("warranty"));
        post(with("reporter", "王 13812345678")).statusCode(400).body("errors[0].field", equalTo("reporter"));
    }

    @Test
    void malformedJsonIsRefused() {
        agent().body("{\"unitId\": ").post("/api/v1/orders").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("$"));
        assertThat(events()).isEqualTo(eventsBefore);
    }

    // ---- hostile input (issue 10): refused at the edge, the field named, nothing written ----------

    /** The report body as JSON text, so that escapes reach the server exactly as written. */
    private String rawReport(String reporter, String content) {
        return "{\"unitId\":\"" + unitId + "\",\"reporter\":" + reporter + ",\"visitTime\":\"ASAP\",\"content\":\"" + content + "\"}";
    }

    @Test
    void aNulCharacterInContentIsNamed() {
        post(rawReport("{\"name\":\"王\",\"phone\":\"13812345678\"}", "漏水\\u0000")).statusCode(400)
                .body("errors.field", contains("content"));
    }

    @Test
    void anUnpairedSurrogateInTheReportersNameIsNamed() {
        post(rawReport("{\"name\":\"\\ud800刘\",\"phone\":\"13812345678\"}", "漏水")).statusCode(400)
                .body("errors.field", contains("reporter.name"));
    }

    @Test
    void aNameIsOneLineWhileTheContentMayHaveSeveral() {
        post(rawReport("{\"name\":\"王\\n先生\",\"phone\":\"13812345678\"}", "漏水")).statusCode(400)
                .body("errors.field", contains("reporter.name"));
        agent().body(rawReport("{\"name\":\"王\",\"phone\":\"13812345678\"}", "厨房漏水\\n\\t卫生间也漏")).post("/api/v1/orders")
                .then().statusCode(201).body("content", equalTo("厨房漏水\n\t卫生间也漏"));
    }

    @Test
    void aDuplicatedKeyIsNamed() {
        post(rawReport("{\"name\":\"王\",\"phone\":\"13812345678\",\"phone\":\"13900001111\"}", "漏水")).statusCode(400)
                .body("errors.field", contains("reporter.phone"));
    }

    @Test
    void aLimitBeyondAnIntegerIsNamed() {
        agent().queryParam("limit", "2147483648").get("/api/v1/orders").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", contains("limit"));
    }

    @Test
    void aCursorCraftedToPointBeforeTheFirstRowIsRefused() {
        reportOrder(unitId);
        // What the list's own cursors looked like: the URL-safe Base64 of a sequence number, here 0.
        String crafted = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("0".getBytes(StandardCharsets.UTF_8));
        agent().queryParam("cursor", crafted).get("/api/v1/orders").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", contains("cursor"));
    }

    @Test
    void aCursorThatWasTamperedWithIsRefused() {
        reportOrder(unitId);
        reportOrder(unitId);
        String cursor = agent().queryParam("limit", 1).get("/api/v1/orders").then().statusCode(200)
                .extract().path("nextCursor");
        agent().queryParam("limit", 1).queryParam("cursor", cursor).get("/api/v1/orders").then()
                .statusCode(200);
        String tampered = (cursor.charAt(0) == 'M' ? 'N' : 'M') + cursor.substring(1);
        agent().queryParam("cursor", tampered).get("/api/v1/orders").then().statusCode(400)
                .body("errors.field", contains("cursor"));
    }

    @Test
    void anAgreedTimeInThePastIsNamed() {
        post(with("visitTime", "2020-01-01T09:00:00+08:00")).statusCode(400).body("errors[0].field", equalTo("visitTime"));
    }
}
