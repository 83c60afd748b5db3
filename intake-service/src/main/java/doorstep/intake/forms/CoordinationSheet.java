package doorstep.intake.forms;

import java.util.List;

/**
 * What the printed coordination order (协调单) shows, every value already written for people ({@link FormText}):
 * its facts, its entries on the numbered pages the producer assigned (page 1 is the form, pages 2… its
 * continuation pages, 协调单续页), the leader's and supervisor's checks, the result and the signatures. Built by
 * {@link CoordinationOrderForm} from an order's timeline.
 *
 * @param pages at least one (page 1, the form itself), ascending, each with its entries in recorded order
 */
public record CoordinationSheet(Header header, List<Page> pages, List<Check> checks, List<Exemption> exemptions,
                                Resolution resolution) {

    /**
     * @param asOf   the local time of the last event the form shows; {@code events} how many it read
     * @param status 跟踪中, 已完结 (resolved) or 已归档
     */
    public record Header(String coordinationNumber, String orderNumber, String orderId, String siteId, String timeZone,
                         String location, String problem, String conversionRule, String convertedAt, String openedAt,
                         String trackerId, String trackerAssignedAt, String asOf, int events, String status) {
    }

    /**
     * One sheet of paper.
     *
     * @param number the page's number in the whole order (1 = the form)
     * @param label  协调单 for page 1, 续页 1, 续页 2… for the continuation pages
     * @param of     how many pages the order has
     */
    public record Page(int number, String label, int of, boolean continuation, List<Entry> entries) {
    }

    /**
     * A tracking entry (跟踪时间, 跟踪人, 地点, 联系人, 联系方式, 内容, 意见, 处理方案); entries are never edited: a
     * correction is a new entry naming the one it corrects ({@code corrects}), and the corrected one names it back
     * ({@code correctedBy}, entry numbers joined by 、).
     */
    public record Entry(int number, String trackedAt, String recordedBy, String place, String contactPerson,
                        String contactMethod, String content, String opinions, String plan, String corrects,
                        String correctedBy, String recordedAt) {
    }

    /** A leader's (班长, twice a month) or supervisor's (主管, once a month) check, signed off. */
    public record Check(String cadence, String checkerId, String comment, String at) {
    }

    /** A cadence (weekly entry, leader's or supervisor's check) exempted for a special case, with its reason. */
    public record Exemption(String cadence, String reason, String grantedBy, String at) {
    }

    /** 协调结果, the customer's and the tracker's signatures (as references), and the team leader's archiving. */
    public record Resolution(String result, String customerSignature, String trackerSignature, String resolvedAt,
                             String archivedBy, String archivedAt) {
    }
}
