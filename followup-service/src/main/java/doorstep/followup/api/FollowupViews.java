package doorstep.followup.api;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The shapes of followup's answers, for the OpenAPI document (D54): the answers themselves are the read models' rows
 * as maps ({@link FollowupQueries}, column names in camelCase), and these records name their fields, so that a
 * generated client has typed models instead of free-form maps. {@code FollowupViewsTest} holds the records to the
 * read models' columns.
 */
public final class FollowupViews {

    private FollowupViews() {
    }

    /** A cadence exempted for a special case, with the reason and who exempted it. */
    @Schema(description = "A cadence exempted, with the reason")
    public record Exemption(String cadence, String reason, String grantedBy, Instant at) {
    }

    /** One row of the coordination board (协调单): status, tracker, cadences and their overdue flags. */
    @Schema(description = "A coordination order (协调单) on the board")
    public record CoordinationSummary(String orderId, String coordinationNumber, String siteId,
                                      @Schema(description = "OPEN, RESOLVED or ARCHIVED") String status,
                                      String conversionRule, String trackerId,
                                      @Schema(description = "tracking entries recorded") int entries,
                                      @Schema(description = "pages used, the first and its continuation pages (续页)") int pages,
                                      Instant lastEntryAt, Instant nextEntryDueAt, boolean entryOverdue, boolean leaderCheckOverdue,
                                      boolean supervisorCheckOverdue, boolean archiveOverdue,
                                      @Schema(description = "the month the check counts are of, yyyy-MM") String checkMonth,
                                      int leaderChecks, int supervisorChecks, List<Exemption> exemptions, String result,
                                      Instant openedAt, Instant resolvedAt, Instant archivedAt, Instant updatedAt, long version,
                                      boolean personalDataErased) {
    }

    /**
     * One coordination order's summary (D56): the board's fields, its latest entry and latest check, and the paths of
     * its entries, checks and timeline, each read a page at a time. Its size does not grow with the order's history.
     */
    @Schema(description = "A coordination order (协调单): its status, tracker, cadences, counts, latest entry and check, and the paths of "
            + "its paged entries, checks and timeline; ETag is its version")
    public record CoordinationDetail(String orderId, String coordinationNumber, String siteId, String status,
                                     String conversionRule, String trackerId,
                                     @Schema(description = "tracking entries recorded") int entries,
                                     @Schema(description = "pages used, the first and its continuation pages (续页)") int pages,
                                     @Schema(description = "the latest tracking entry, null before the first") Entry latestEntry,
                                     @Schema(description = "the latest leader or supervisor check, null before the first") Check latestCheck,
                                     Links links,
                                     Instant lastEntryAt, Instant nextEntryDueAt, boolean entryOverdue, boolean leaderCheckOverdue,
                                     boolean supervisorCheckOverdue, boolean archiveOverdue, String checkMonth,
                                     int leaderChecks, int supervisorChecks,
                                     @Schema(description = "at most one per cadence") List<Exemption> exemptions, String result,
                                     Instant openedAt, Instant resolvedAt, Instant archivedAt, Instant updatedAt, long version,
                                     boolean personalDataErased) {
    }

    /** Where a coordination order's histories are read, a page at a time ({@code cursor}, {@code limit}). */
    @Schema(description = "The paths of the order's paged histories (each answers {items, nextCursor})")
    public record Links(String entries, String checks, String timeline) {
    }

    /** A page of a coordination order's tracking entries, oldest first. */
    @Schema(description = "Tracking entries, oldest first; nextCursor (null on the last page) is passed back as cursor")
    public record EntryPage(List<Entry> items, String nextCursor) {
    }

    /** A page of a coordination order's checks, oldest first. */
    @Schema(description = "Leader and supervisor checks, oldest first; nextCursor (null on the last page) is passed back as cursor")
    public record CheckPage(List<Check> items, String nextCursor) {
    }

    /** One tracking entry: time, place, contact person and method, content, opinions, plan. */
    public record Entry(String orderId, int entryNumber, int page, Instant trackedAt, String place, String contactPerson,
                        String contactMethod, String content, String opinions, String plan, String recordedBy,
                        @Schema(description = "the entry this one corrects, if any") Integer correctsEntry, Instant recordedAt,
                        boolean personalDataErased) {
    }

    /** A leader's or supervisor's check with sign-off. */
    public record Check(@Schema(description = "LEADER_CHECK or SUPERVISOR_CHECK") String cadence, String checkerId, String comment,
                        Instant at) {
    }

    /** One callback (回访) of the customer center's work list. */
    @Schema(description = "A callback (回访) task")
    public record CallbackTask(String orderId, String siteId,
                               @Schema(description = "why the order is called back, e.g. PAID_SERVICE, LOW_RATING") List<String> reasons,
                               @Schema(description = "OPEN, COMPLETED or ABANDONED") String status, int attempts,
                               @Schema(description = "1–5 once reached") Integer satisfaction, String comment, boolean repeatComplaint,
                               Instant scheduledAt, Instant updatedAt, long version, boolean personalDataErased) {
    }

    /** When one kind of an order's records expires (null: kept permanently). */
    @Schema(description = "The retention of one kind of an order's records")
    public record RetentionRecord(String orderId, String recordKind, String siteId, Instant fromAt,
                                  @Schema(description = "null: kept permanently") Instant retainUntil, Instant expiredAt) {
    }
}
