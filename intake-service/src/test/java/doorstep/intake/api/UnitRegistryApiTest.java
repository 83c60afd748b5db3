package doorstep.intake.api;

import static doorstep.intake.api.IntakeApi.agent;
import static doorstep.intake.api.IntakeApi.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.Map;
import java.util.UUID;

import doorstep.testing.DoorstepTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake"))
class UnitRegistryApiTest {

    private static String newSite() {
        String site = "site-" + UUID.randomUUID().toString().substring(0, 8);
        as("admin").body(Map.of("id", site, "name", "龙湖花园", "timeZone", "Asia/Chongqing")).post("/api/v1/sites")
                .then().statusCode(201).body("timeZone", equalTo("Asia/Chongqing"));
        return site;
    }

    private static io.restassured.response.ValidatableResponse importCsv(String csv) {
        return as("admin").contentType("text/csv; charset=UTF-8").body(csv).post("/api/v1/units/import").then();
    }

    @Test
    void aGoodFileIsImportedAndAReimportUpdatesOwners() {
        String site = newSite();
        String csv = "site_id,building,unit_number,owner_name,owner_phones\r\n"
                + site + ",1栋,101,张三,138 0000 0001\r\n"
                + site + ",1栋,102,\"李, 四\",13800000002;0755-86123456\r\n"
                + site + ",2栋,201,,\r\n";
        importCsv(csv).statusCode(200).body("rows", equalTo(3)).body("created", equalTo(3)).body("updated", equalTo(0));

        agent().queryParam("siteId", site).get("/api/v1/units").then().statusCode(200)
                .body("items.label", contains("1栋-101", "1栋-102", "2栋-201"))
                .body("items[1].owner.name", equalTo("李, 四"))
                .body("items[1].owner.phones", contains("13800000002", "0755-86123456"));

        importCsv(csv.replace("张三", "张三丰")).statusCode(200).body("created", equalTo(0)).body("updated", equalTo(3));
        agent().queryParam("siteId", site).queryParam("building", "1栋").queryParam("limit", 1).get("/api/v1/units").then()
                .body("items[0].owner.name", equalTo("张三丰"));
    }

    @Test
    void aFileWithBadLinesImportsNothingAndNamesEveryBadLine() {
        String site = newSite();
        String csv = "site_id,building,unit_number,owner_name,owner_phones\n"
                + site + ",1栋,101,张三,13800000001\n"
                + site + ",1栋,102,李四,12345\n"
                + "no-such-site,1栋,103,王五,13800000003\n"
                + site + ",1栋\n"
                + site + ",1栋,101,赵六,13800000004\n";
        importCsv(csv).statusCode(400).contentType("application/problem+json")
                .body("errors", hasSize(4))
                .body("errors.line", contains(3, 4, 5, 6))
                .body("errors.field", contains("owner_phones", "site_id", "line", "unit_number"));
        agent().queryParam("siteId", site).get("/api/v1/units").then().body("items", hasSize(0));
    }

    @Test
    void aFileWithControlCharactersImportsNothingAndNamesTheLine() {
        String site = newSite();
        String header = "site_id,building,unit_number,owner_name,owner_phones\n";
        importCsv(header + site + ",1栋,101,张三,13800000001\n" + site + ",1栋,102,\"李\t四\",13800000002\n").statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("owner_name")).body("errors.line", contains(3));
        importCsv(header + site + ",1栋,101,张三\u0000,13800000001\n").statusCode(400)
                .body("errors.field", contains("$")).body("errors.line", contains(2));
        agent().queryParam("siteId", site).get("/api/v1/units").then().body("items", hasSize(0));
    }

    @Test
    void aFileWithTheWrongHeaderIsRefused() {
        importCsv("site,building,unit\nx,y,z\n").statusCode(400).body("errors[0].field", equalTo("header"))
                .body("errors[0].line", equalTo(1));
        importCsv("").statusCode(400).body("errors[0].field", equalTo("file"));
    }

    @Test
    void unitsAreValidatedAndUnique() {
        String site = newSite();
        as("admin").body(Map.of("siteId", site, "building", "1栋", "unitNumber", "101",
                        "owner", Map.of("name", "张三", "phones", java.util.List.of("abc"))))
                .post("/api/v1/units").then().statusCode(400).body("errors[0].field", equalTo("owner.phones[0]"));
        as("admin").body(Map.of("siteId", site, "building", "1栋", "unitNumber", "101"))
                .post("/api/v1/units").then().statusCode(201);
        as("admin").body(Map.of("siteId", site, "building", "1栋", "unitNumber", "101"))
                .post("/api/v1/units").then().statusCode(409).contentType("application/problem+json");
        as("admin").body(Map.of("siteId", "missing", "building", "1栋", "unitNumber", "101"))
                .post("/api/v1/units").then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("site missing does not exist"));
        as("admin").body(Map.of("id", "Bad Id", "name", "x", "timeZone", "Mars/Base")).post("/api/v1/sites")
                .then().statusCode(400).body("errors.field", containsInAnyOrder("id", "timeZone"));
        as("agent").body(Map.of("id", "x", "name", "x")).post("/api/v1/sites").then().statusCode(403);
    }
}
