package doorstep.followup.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import doorstep.followup.domain.CoordinationEvent.*;
import doorstep.platform.domain.InvalidValue;
import doorstep.platform.domain.PhoneNumber;
import doorstep.platform.domain.RuleViolation;

/**
 * A coordination order (协调单): an unfinished dispatch order tracked by a designated person until
 * it is resolved. Tracking entries at least weekly, team leader checks twice and supervisor checks
 * once per calendar month (counted from the first full month after opening), each with a sign-off.
 */
public final class CoordinationOrder {

    /** 每周必须有相关记录. */
    public static final Duration ENTRY_INTERVAL = Duration.ofDays(7);
    public static final int LEADER_CHECKS_PER_MONTH = 2;
    public static final int SUPERVISOR_CHECKS_PER_MONTH = 1;
    /** Entries per paper page; further entries go on continuation pages (续页). */
    public static final int ENTRIES_PER_PAGE = 10;

    public enum Status { OPEN, RESOLVED, ARCHIVED }

    private String orderId;
    private Status status;
    private ZoneId zone;
    private String trackerId;
    private int entries;
    private Instant entryDueAt;
    private YearMonth checkMonth;
    private Instant checksDueAt;
    private int leaderChecksThisMonth;
    private int supervisorChecksThisMonth;
    /** Checks signed in the next month before this month's count was closed. */
    private int leaderChecksNextMonth;
    private int supervisorChecksNextMonth;
    private final Set<Cadence> exempted = EnumSet.noneOf(Cadence.class);
    private Instant archiveDueAt;
    private boolean archiveOverdue;

    /**
     * A coordination order's state as a snapshot (D58): its stream grows by an entry a week and a
     * check or two a month for as long as the order stays open, and is kept for ever, so commands
     * start from the latest snapshot. Plain values only, no personal ones (those stay in the sealed
     * events). Raise {@link #SNAPSHOT_VERSION} whenever this record or the meaning of a value changes.
     *
     * @param zone           the site's time zone id, e.g. {@code Asia/Shanghai}
     * @param checkMonth     the month whose checks are counted, {@code yyyy-MM}
     */
    public record Snapshot(String orderId, Status status, String zone, String trackerId, int entries, Instant entryDueAt,
                           String checkMonth, Instant checksDueAt, int leaderChecksThisMonth, int supervisorChecksThisMonth,
                           int leaderChecksNextMonth, int supervisorChecksNextMonth, List<Cadence> exempted,
                           Instant archiveDueAt, boolean archiveOverdue) {
    }

    /** The shape of {@link Snapshot}; a snapshot of another version is ignored and the stream folded from its events. */
    public static final int SNAPSHOT_VERSION = 1;

    /** This order's state as a snapshot. */
    public Snapshot snapshot() {
        return new Snapshot(orderId, status, zone == null ? null : zone.getId(), trackerId, entries, entryDueAt,
                checkMonth == null ? null : checkMonth.toString(), checksDueAt, leaderChecksThisMonth, supervisorChecksThisMonth,
                leaderChecksNextMonth, supervisorChecksNextMonth, List.copyOf(exempted), archiveDueAt, archiveOverdue);
    }

    /** The coordination order a snapshot was taken of. */
    public static CoordinationOrder restore(Snapshot s) {
        CoordinationOrder c = new CoordinationOrder();
        c.orderId = s.orderId();
        c.status = s.status();
        c.zone = s.zone() == null ? null : ZoneId.of(s.zone());
        c.trackerId = s.trackerId();
        c.entries = s.entries();
        c.entryDueAt = s.entryDueAt();
        c.checkMonth = s.checkMonth() == null ? null : YearMonth.parse(s.checkMonth());
        c.checksDueAt = s.checksDueAt();
        c.leaderChecksThisMonth = s.leaderChecksThisMonth();
        c.supervisorChecksThisMonth = s.supervisorChecksThisMonth();
        c.leaderChecksNextMonth = s.leaderChecksNextMonth();
        c.supervisorChecksNextMonth = s.supervisorChecksNextMonth();
        c.exempted.addAll(s.exempted());
        c.archiveDueAt = s.archiveDueAt();
        c.archiveOverdue = s.archiveOverdue();
        return c;
    }

    /** Opens the coordination order when dispatch converts an order; a redelivered conversion changes nothing. */
    public List<CoordinationEvent> open(String orderId, String number, String siteId, String siteTimeZone, String rule,
                                        Instant convertedAt, String trackerId, Instant now) {
        if (status != null) {
            return List.of();
        }
        ZoneId z = ZoneId.of(siteTimeZone);
        YearMonth first = YearMonth.from(now.atZone(z)).plusMonths(1);
        return List.of(new CoordinationOrderOpened(orderId, number, siteId, siteTimeZone, rule, convertedAt, trackerId,
                now.plus(ENTRY_INTERVAL), first.toString(), monthEnd(first, z), now));
    }

    public List<CoordinationEvent> assignTracker(String trackerId, String by, Instant now) {
        requireStatus("reassign-while-open", Status.OPEN);
        if (trackerId == null || trackerId.isBlank()) {
            throw new InvalidValue("trackerId", "is required");
        }
        return List.of(new TrackerAssigned(trackerId.strip(), by, now));
    }

    /** 跟踪时间、地点、联系人、联系方式、内容、相关人员的意见、态度、处理方案: all required. */
    public List<CoordinationEvent> recordEntry(Instant trackedAt, String place, String contactPerson, String contactMethod,
                                               String content, String opinions, String plan, String recordedBy,
                                               Integer correctsEntry, Instant now) {
        requireStatus("entries-while-open", Status.OPEN);
        if (trackedAt == null) {
            throw new InvalidValue("trackedAt", "is required");
        }
        if (trackedAt.isAfter(now.plus(Duration.ofMinutes(5)))) {
            throw new InvalidValue("trackedAt", "cannot lie in the future");
        }
        required("place", place);
        required("contactPerson", contactPerson);
        required("contactMethod", contactMethod);
        required("content", content);
        required("opinions", opinions);
        required("plan", plan);
        if (correctsEntry != null && (correctsEntry < 1 || correctsEntry > entries)) {
            throw new InvalidValue("correctsEntry", "names no entry of this coordination order");
        }
        String contact = contactMethod(contactMethod);
        int number = entries + 1;
        return List.of(new TrackingEntryRecorded(number, (number - 1) / ENTRIES_PER_PAGE + 1, trackedAt, place.strip(),
                contactPerson.strip(), contact, content.strip(), opinions.strip(), plan.strip(), recordedBy,
                correctsEntry, now.plus(ENTRY_INTERVAL), now));
    }

    public List<CoordinationEvent> signOffCheck(Cadence cadence, String checkerId, String comment, Instant now) {
        requireStatus("checks-while-open", Status.OPEN);
        if (cadence == Cadence.WEEKLY_ENTRY) {
            throw new InvalidValue("cadence", "a check is a team leader's or a supervisor's");
        }
        return List.of(new CheckSignedOff(cadence, checkerId, comment, now));
    }

    public List<CoordinationEvent> exempt(Cadence cadence, String reason, String grantedBy, Instant now) {
        requireStatus("exempt-while-open", Status.OPEN);
        if (reason == null || reason.isBlank()) {
            throw new InvalidValue("reason", "an exemption needs a reason");
        }
        if (exempted.contains(cadence)) {
            throw new RuleViolation("exempt-once", status.name(), cadence + " is already exempted");
        }
        return List.of(new CadenceExempted(cadence, reason.strip(), grantedBy, now));
    }

    /** The deadline kind of the monthly checks (both cadences are counted at one instant). */
    public static final String CHECKS = "CHECKS";
    /** The deadline kind of the same-day archive after resolution. */
    public static final String ARCHIVE = "ARCHIVE";

    /**
     * The deadlines this coordination order has pending, kind ({@link Cadence#WEEKLY_ENTRY},
     * {@link #CHECKS}, {@link #ARCHIVE}) → due instant; each due instant is already late (D39).
     */
    public Map<String, Instant> pendingDeadlines() {
        Map<String, Instant> pending = new LinkedHashMap<>();
        if (status == Status.OPEN) {
            if (!exempted.contains(Cadence.WEEKLY_ENTRY)) {
                pending.put(Cadence.WEEKLY_ENTRY.name(), entryDueAt);
            }
            pending.put(CHECKS, checksDueAt);
        } else if (status == Status.RESOLVED && archiveDueAt != null && !archiveOverdue) {
            pending.put(ARCHIVE, archiveDueAt);
        }
        return pending;
    }

    /**
     * A deadline of this order came due: judged at its own due time, raise what is overdue and set
     * the next one. Nothing, if that kind is not pending or not due yet.
     */
    public List<CoordinationEvent> cadenceDue(String kind, Instant now) {
        Instant due = pendingDeadlines().get(kind);
        if (due == null || now.isBefore(due)) {
            return List.of();
        }
        if (kind.equals(ARCHIVE)) {
            return List.of(new CoordinationArchiveOverdue(due, now));
        }
        if (kind.equals(Cadence.WEEKLY_ENTRY.name())) {
            return List.of(new TrackingEntryOverdue(due, due.plus(ENTRY_INTERVAL)));
        }
        List<CoordinationEvent> events = new ArrayList<>();
        if (leaderChecksThisMonth < LEADER_CHECKS_PER_MONTH && !exempted.contains(Cadence.LEADER_CHECK)) {
            events.add(new CheckOverdue(Cadence.LEADER_CHECK, checkMonth.toString(), LEADER_CHECKS_PER_MONTH, leaderChecksThisMonth, now));
        }
        if (supervisorChecksThisMonth < SUPERVISOR_CHECKS_PER_MONTH && !exempted.contains(Cadence.SUPERVISOR_CHECK)) {
            events.add(new CheckOverdue(Cadence.SUPERVISOR_CHECK, checkMonth.toString(), SUPERVISOR_CHECKS_PER_MONTH,
                    supervisorChecksThisMonth, now));
        }
        YearMonth next = checkMonth.plusMonths(1);
        events.add(new CheckMonthClosed(checkMonth.toString(), leaderChecksThisMonth, supervisorChecksThisMonth, next.toString(),
                monthEnd(next, zone)));
        return events;
    }

    /** 报事完毕后,对协调结果进行填写,并由客户签字认可;跟踪人员签字. */
    public List<CoordinationEvent> resolve(String result, String customerSignatureRef, String trackerSignatureRef, Instant now) {
        requireStatus("resolve-while-open", Status.OPEN);
        if (entries == 0) {
            throw new RuleViolation("track-before-resolving", status.name(), "no tracking entry was recorded");
        }
        required("result", result);
        required("customerSignatureRef", customerSignatureRef);
        required("trackerSignatureRef", trackerSignatureRef);
        return List.of(new CoordinationResolved(result.strip(), customerSignatureRef, trackerSignatureRef,
                now.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant(), now));
    }

    /** 跟踪人员签字后交由班长归档, the same day (当日): due by the end of the resolution's site-local day. */
    public List<CoordinationEvent> archive(String teamLeaderId, Instant now) {
        requireStatus("archive-after-resolution", Status.RESOLVED);
        return List.of(new CoordinationArchived(teamLeaderId, now));
    }

    public void apply(CoordinationEvent event) {
        if (event instanceof CoordinationOrderOpened e) {
            orderId = e.orderId();
            status = Status.OPEN;
            zone = ZoneId.of(e.siteTimeZone());
            trackerId = e.trackerId();
            entryDueAt = e.firstEntryDueAt();
            checkMonth = YearMonth.parse(e.firstCheckMonth());
            checksDueAt = e.firstChecksDueAt();
        } else if (event instanceof TrackerAssigned e) {
            trackerId = e.trackerId();
        } else if (event instanceof TrackingEntryRecorded e) {
            entries = e.entryNumber();
            entryDueAt = e.nextEntryDueAt();
        } else if (event instanceof TrackingEntryOverdue e) {
            entryDueAt = e.nextEntryDueAt();
        } else if (event instanceof CheckSignedOff e) {
            YearMonth month = YearMonth.from(e.at().atZone(zone));
            if (month.equals(checkMonth)) {
                if (e.cadence() == Cadence.LEADER_CHECK) {
                    leaderChecksThisMonth++;
                } else {
                    supervisorChecksThisMonth++;
                }
            } else if (month.equals(checkMonth.plusMonths(1))) {
                // signed in the next month before this one was closed: it counts for the next month (D39)
                if (e.cadence() == Cadence.LEADER_CHECK) {
                    leaderChecksNextMonth++;
                } else {
                    supervisorChecksNextMonth++;
                }
            }
        } else if (event instanceof CheckMonthClosed e) {
            checkMonth = YearMonth.parse(e.nextMonth());
            checksDueAt = e.nextChecksDueAt();
            leaderChecksThisMonth = leaderChecksNextMonth;
            supervisorChecksThisMonth = supervisorChecksNextMonth;
            leaderChecksNextMonth = 0;
            supervisorChecksNextMonth = 0;
        } else if (event instanceof CadenceExempted e) {
            exempted.add(e.cadence());
        } else if (event instanceof CoordinationResolved e) {
            status = Status.RESOLVED;
            archiveDueAt = e.archiveDueAt();
        } else if (event instanceof CoordinationArchiveOverdue) {
            archiveOverdue = true;
        } else if (event instanceof CoordinationArchived) {
            status = Status.ARCHIVED;
        }
    }

    public Status status() {
        return status;
    }

    /** Resolved, and not archived by the end of the resolution day (当日归档, D46). */
    public boolean archiveOverdue() {
        return archiveOverdue && status == Status.RESOLVED;
    }

    public boolean exists() {
        return status != null;
    }

    public String trackerId() {
        return trackerId;
    }

    // What the read models show, as this state machine decided it.

    /** Entries recorded so far (corrections included). */
    public int entries() {
        return entries;
    }

    /** When the next weekly entry is due. */
    public Instant entryDueAt() {
        return entryDueAt;
    }

    /** The calendar month (site time) whose checks are being counted. */
    public YearMonth checkMonth() {
        return checkMonth;
    }

    public int leaderChecksThisMonth() {
        return leaderChecksThisMonth;
    }

    public int supervisorChecksThisMonth() {
        return supervisorChecksThisMonth;
    }

    /** The first instant of the month after {@code month}, site time: when that month's checks are counted. */
    static Instant monthEnd(YearMonth month, ZoneId zone) {
        return month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
    }

    private void requireStatus(String rule, Status required) {
        if (status == null) {
            throw new IllegalStateException("no such coordination order");
        }
        if (status != required) {
            throw new RuleViolation(rule, status.name(), "the coordination order of " + orderId + " is " + status.name().toLowerCase());
        }
    }

    /**
     * 联系方式 as recorded: a contact method written as a phone number must be one and is kept in its
     * canonical written form ({@code 028-87654321转8012}), pasted or typed however; any other method (a
     * WeChat id, "物业前台") is kept as written, without invisible format characters (decision D40).
     */
    static String contactMethod(String written) {
        if (!PhoneNumber.looksLikeNumber(written)) {
            return PhoneNumber.withoutFormatCharacters(written).strip();
        }
        try {
            return PhoneNumber.parse(written).written();
        } catch (InvalidValue e) {
            throw new InvalidValue("contactMethod", e.getMessage());
        }
    }

    private static void required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidValue(field, "is required");
        }
    }
}
