package doorstep.followup.api;

import static doorstep.testing.Http.admin;
import static doorstep.testing.Http.as;
import static doorstep.followup.api.FollowupTestSupport.converted;
import static doorstep.followup.api.FollowupTestSupport.entry;
import static doorstep.followup.api.FollowupTestSupport.freshDay;
import static doorstep.followup.api.FollowupTestSupport.opened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import doorstep.platform.time.ControllableClock;
import doorstep.testing.DoorstepTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/**
 * A coordination order's long history in bounded pages (D56): the summary stays the same size however many entries
 * the order has; its entries, checks and timeline come a page at a time, oldest first, each page after the previous
 * one's cursor, the pages disjoint and together complete, the last without a cursor; a cursor or a limit this list did
 * not hand out is refused with 400 naming it.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "followup"))
class CoordinationPagingTest {

    @Inject
    Clock clock;

    @Test
    void theSummaryStaysTheSameSizeAndTheEntriesComeInPagesOldestFirst() {
        Instant t0 = freshDay(clock);
        String order = convertedOrder(t0);
        String path = "/api/v1/coordination-orders/" + order;
        record(order, t0, 1);
        int small = admin().get(path).then().statusCode(200).extract().asString().length();

        record(order, t0, 54); // 55 entries: more than one page at the default size of 50
        String summary = admin().get(path).then().statusCode(200)
                .body("entries", equalTo(55)).body("pages", equalTo(6))
                .body("latestEntry.entryNumber", equalTo(55)).body("latestEntry.page", equalTo(6))
                .body("links.entries", equalTo(path + "/entries")).body("links.checks", equalTo(path + "/checks"))
                .body("links.timeline", equalTo(path + "/timeline"))
                .extract().asString();
        // Only numbers may grow by a digit (entries, the latest entry's number and text, the version): no entry but the
        // latest is in the summary, where 54 more entries of ~250 characters each would add ~13,000.
        assertThat(summary.length()).as(summary).isBetween(small, small + 8);
        assertThat(summary).doesNotContain("第1次跟踪");

        // The default page: 50, then the 5 left, and no cursor after them.
        JsonPath first = admin().get(path + "/entries").then().statusCode(200).body("items", hasSize(50)).extract().jsonPath();
        assertThat(first.getString("nextCursor")).isNotBlank();
        admin().queryParam("cursor", first.getString("nextCursor")).get(path + "/entries").then().statusCode(200)
                .body("items.entryNumber", contains(51, 52, 53, 54, 55)).body("nextCursor", nullValue());

        // Pages of 8: disjoint, complete and in order; the last has no cursor.
        List<List<Integer>> pages = pages(path + "/entries", 8, j -> j.getList("items.entryNumber", Integer.class));
        assertThat(pages).extracting(List::size).containsExactly(8, 8, 8, 8, 8, 8, 7);
        assertThat(pages.stream().flatMap(List::stream).toList()).isEqualTo(IntStream.rangeClosed(1, 55).boxed().toList());
        admin().queryParam("limit", 200).get(path + "/entries").then().statusCode(200).body("items", hasSize(55))
                .body("items[54].content", equalTo("第55次跟踪")).body("items[54].page", equalTo(6)).body("nextCursor", nullValue());
    }

    @Test
    void checksComeInPagesOldestFirst() {
        Instant t0 = freshDay(clock);
        String order = convertedOrder(t0);
        String path = "/api/v1/coordination-orders/" + order;
        admin().get(path + "/checks").then().statusCode(200).body("items", hasSize(0)).body("nextCursor", nullValue());
        admin().get(path).then().body("latestCheck", nullValue()).body("latestEntry", nullValue());
        for (int i = 1; i <= 5; i++) {
            ((ControllableClock) clock).set(t0.plusSeconds(i));
            as("team-leader", "leader-1").body(Map.of("comment", "检查" + i)).post(path + "/leader-checks").then().statusCode(200)
                    .body("latestCheck.comment", equalTo("检查" + i));
        }
        List<List<String>> pages = pages(path + "/checks", 2, j -> j.getList("items.comment", String.class));
        assertThat(pages).containsExactly(List.of("检查1", "检查2"), List.of("检查3", "检查4"), List.of("检查5"));
        admin().get(path + "/checks").then().body("items.cadence", contains("LEADER_CHECK", "LEADER_CHECK", "LEADER_CHECK",
                "LEADER_CHECK", "LEADER_CHECK")).body("items[0].checkerId", equalTo("leader-1"));
    }

    @Test
    void theTimelineComesInPagesOfConsecutiveVersions() {
        Instant t0 = freshDay(clock);
        String order = convertedOrder(t0);
        String path = "/api/v1/coordination-orders/" + order;
        record(order, t0, 6);
        List<List<Integer>> pages = pages(path + "/timeline", 3, j -> j.getList("items.version", Integer.class));
        List<Integer> versions = pages.stream().flatMap(List::stream).toList();
        int total = admin().queryParam("limit", 200).get(path + "/timeline").then().statusCode(200).extract().path("items.size()");
        assertThat(versions).isEqualTo(IntStream.rangeClosed(1, total).boxed().toList());
        assertThat(total).isGreaterThan(6);
        assertThat(pages.subList(0, pages.size() - 1)).allSatisfy(p -> assertThat(p).hasSize(3));
        admin().get(path + "/timeline").then().body("items[0].type", equalTo("CoordinationOrderOpened"))
                .body("items[0].version", equalTo(1)).body("nextCursor", nullValue());
    }

    @Test
    void aCursorOrLimitNotOfThisListIsRefusedNamingIt() {
        Instant t0 = freshDay(clock);
        String order = convertedOrder(t0);
        String other = convertedOrder(t0);
        record(order, t0, 3);
        record(other, t0, 3);
        String path = "/api/v1/coordination-orders/" + order;
        String entriesCursor = cursor(path + "/entries");
        String timelineCursor = cursor(path + "/timeline");
        String otherCursor = cursor("/api/v1/coordination-orders/" + other + "/entries");

        refused(admin().queryParam("cursor", "garbage"), path + "/entries", "cursor");
        refused(admin().queryParam("cursor", otherCursor), path + "/entries", "cursor"); // another order's entries
        refused(admin().queryParam("cursor", timelineCursor), path + "/entries", "cursor"); // another list of this order
        refused(admin().queryParam("cursor", entriesCursor), path + "/checks", "cursor");
        refused(admin().queryParam("cursor", entriesCursor), path + "/timeline", "cursor");
        refused(admin().queryParam("cursor", timelineCursor), "/api/v1/coordination-orders/" + other + "/timeline", "cursor");
        for (String list : List.of("/entries", "/checks", "/timeline")) {
            refused(admin().queryParam("limit", 0), path + list, "limit");
            refused(admin().queryParam("limit", 201), path + list, "limit");
            refused(admin().queryParam("limit", "many"), path + list, "limit");
            admin().queryParam("limit", 200).get(path + list).then().statusCode(200);
        }
        admin().queryParam("cursor", entriesCursor).get(path + "/entries").then().statusCode(200).body("items.entryNumber", contains(2, 3));
        admin().get("/api/v1/coordination-orders/nope/entries").then().statusCode(404);
        admin().get("/api/v1/coordination-orders/nope/checks").then().statusCode(404);
        admin().get("/api/v1/coordination-orders/nope/timeline").then().statusCode(404);
    }

    /** The first page's cursor at a page size of 1. */
    private static String cursor(String list) {
        String cursor = admin().queryParam("limit", 1).get(list).then().statusCode(200).extract().path("nextCursor");
        assertThat(cursor).as(list).isNotBlank();
        return cursor;
    }

    private static void refused(RequestSpecification request, String list, String field) {
        request.get(list).then().statusCode(400).contentType("application/problem+json").body("errors.field", contains(field));
    }

    /** Every page of a list at {@code limit}, following the cursors to the end. */
    private static <T> List<List<T>> pages(String list, int limit, Function<JsonPath, List<T>> items) {
        List<List<T>> pages = new ArrayList<>();
        String cursor = null;
        do {
            RequestSpecification request = admin().queryParam("limit", limit);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get(list).then().statusCode(200).extract().jsonPath();
            pages.add(items.apply(page));
            cursor = page.getString("nextCursor");
            assertThat(pages).as("pages of " + list).hasSizeLessThan(100);
        } while (cursor != null);
        return pages;
    }

    private void record(String order, Instant t0, int count) {
        int before = admin().get("/api/v1/coordination-orders/" + order).then().extract().path("entries");
        for (int i = before + 1; i <= before + count; i++) {
            as("technician", "tech-zhang").body(entry(t0, "第" + i + "次跟踪")).post("/api/v1/coordination-orders/" + order + "/entries")
                    .then().statusCode(200);
        }
    }

    private String convertedOrder(Instant at) {
        String order = UUID.randomUUID().toString();
        String site = "site-" + order.substring(0, 8);
        opened(order, site);
        converted(order, site, at);
        await().atMost(Duration.ofSeconds(30)).until(() -> admin().get("/api/v1/coordination-orders/" + order).statusCode() == 200);
        return order;
    }
}
