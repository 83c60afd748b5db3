package doorstep.intake.desk;

import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;

import java.time.Instant;

import doorstep.intake.desk.DeskEvents.*;

/** Scripted lifecycles of orders across the four services, as the services would record them. */
final class Lifecycles {

    static final String SITE = "site-lh";
    static final String ZONE = "Asia/Shanghai";

    private Lifecycles() {
    }

    static ProblemReported report(String orderId, String number, String site, Location where, Instant at) {
        return new ProblemReported(orderId, number, site, ZONE, where, new Reporter("王女士", new Phone("13800000001", null)),
                new VisitTime(true, null), "厨房水龙头漏水", "CUSTOMER_CENTER", false, at, null);
    }

    static Location unit(String label) {
        return new Location("UNIT", "unit-" + label, label, null);
    }

    /**
     * Paid work, on time: reported, assigned (15-minute rule), accepted, quoted and accepted, one visit of 30 minutes,
     * completed, charged 50.00 yuan, the owner rates 5 and pays, reviewed, archived, called back (satisfied).
     */
    static Script paidOnTime(String orderId, String site, Instant t0) {
        Script s = new Script(orderId, t0);
        DeskFact reported = s.by("agent-1", report(orderId, "PG-1", site, unit("3-1-101"), t0));
        s.after(ofMinutes(1));
        DeskFact assigned = s.by("agent-1", new TechnicianAssigned("tech-1", "张师傅", s.now(), s.now().plus(ofMinutes(15)), null));
        s.after(ofSeconds(1));
        s.reacting(assigned, null, new OrderDispatched("tech-1", s.now()));
        s.after(ofMinutes(1));
        s.by("tech-1", new AssignmentAccepted("tech-1", s.now()));
        s.after(ofMinutes(8));
        DeskFact started = s.by("tech-1", new VisitStarted(1, s.now(), true, "tech-1"));
        Instant visitStart = s.now();
        s.after(ofSeconds(1));
        s.reacting(started, null, new ConversionDeadlineSet(t0.plus(ofHours(10)), "IN_UNIT_SAME_DAY"));
        s.after(ofMinutes(4));
        DeskFact quoted = s.by("tech-1", new QuoteIssued("q-1", 5000, s.now()));
        s.after(ofMinutes(1));
        s.by("tech-1", new QuoteAccepted("q-1", s.now()));
        s.after(ofMinutes(25));
        s.by("tech-1", new VisitEnded(1, visitStart, s.now(), 1800, 1800));
        s.after(ofSeconds(30));
        DeskFact completed = s.by("tech-1", new WorkCompleted("更换水龙头阀芯", 1800, true, t0.plus(ofHours(12)), s.now()));
        s.after(ofSeconds(1));
        s.reacting(completed, "bill", new ChargeRaised("c-1", 5000, s.now()));
        s.after(ofMinutes(1));
        s.by("tech-1", new OwnerAccepted(5, "师傅很专业", s.now()));
        s.after(ofMinutes(1));
        s.by("tech-1", new PaymentRecorded(5000, s.now()));
        s.after(ofHours(3));
        s.by("leader-1", new ReviewedByTeamLeader("leader-1", s.now()));
        s.after(ofMinutes(1));
        DeskFact archived = s.by("leader-1", new Archived(s.now()));
        s.after(ofSeconds(1));
        s.reacting(archived, "callback", new CallbackScheduled(s.now()));
        s.after(ofSeconds(1));
        s.reacting(archived, "retention", new RetentionScheduled("PAID_DISPATCH_ORDER", t0.plus(ofDays(730))));
        s.after(ofDays(1));
        s.by("agent-2", new CallbackCompleted(4, false, s.now()));
        return s;
    }

    /**
     * Public-area work that becomes a coordination order: assigned, arrival overdue, a late visit, waiting for materials,
     * converted after three days, opened by followup, one tracking entry, then a missed week.
     */
    static Script converted(String orderId, String site, Instant t0) {
        Script s = new Script(orderId, t0);
        s.by("agent-1", report(orderId, "PG-2", site, new Location("PUBLIC_AREA", null, null, "5栋大堂"), t0));
        s.after(ofMinutes(2));
        DeskFact assigned = s.by("agent-1", new TechnicianAssigned("tech-2", "李师傅", s.now(), s.now().plus(ofMinutes(15)), null));
        s.after(ofMinutes(15));
        s.reacting(assigned, null, new ArrivalOverdue(assigned.occurredAt().plus(ofMinutes(15)), s.now()));
        s.after(ofMinutes(5));
        DeskFact started = s.by("tech-2", new VisitStarted(1, s.now(), false, "tech-2"));
        Instant visitStart = s.now();
        s.after(ofSeconds(1));
        s.reacting(started, null, new ConversionDeadlineSet(t0.plus(ofDays(3)), "PUBLIC_AREA_THREE_DAYS"));
        s.after(ofMinutes(20));
        s.by("tech-2", new WaitingForMaterials(s.now()));
        s.after(ofSeconds(5));
        s.by("tech-2", new VisitEnded(1, visitStart, s.now(), 1205, 1205));
        s.after(ofDays(3));
        DeskFact converted = s.by("service", new ConvertedToCoordination("PUBLIC_AREA_THREE_DAYS", s.now()));
        s.after(ofSeconds(2));
        s.reacting(converted, "coordination", new CoordinationOrderOpened("XT-7", "PUBLIC_AREA_THREE_DAYS", converted.occurredAt(),
                "tech-2", s.now().plus(ofDays(7)), s.now().plus(ofDays(30)), s.now()));
        s.after(ofDays(2));
        s.by("tech-2", new TrackingEntryRecorded(1, 1, s.now(), s.now().plus(ofDays(7)), s.now()));
        Instant nextDue = s.now().plus(ofDays(7));
        s.after(ofDays(7)).after(ofMinutes(1));
        s.reacting(s.last(), "coordination", new TrackingEntryOverdue(nextDue, nextDue.plus(ofDays(7))));
        return s;
    }

    /** Reported, the reporter corrected, cancelled before dispatch. */
    static Script cancelled(String orderId, String site, Instant t0) {
        Script s = new Script(orderId, t0);
        s.by("agent-1", report(orderId, "PG-3", site, unit("1-2-202"), t0));
        s.after(ofMinutes(3));
        s.by("agent-1", new OrderAmended(new Reporter("赵先生", new Phone("13900000002", "12")), null, "卫生间地漏堵塞", null, s.now()));
        s.after(ofMinutes(3));
        s.by("agent-1", new OrderCancelled("业主自行处理", s.now()));
        return s;
    }

    /**
     * Appointment: the owner is not home at the first visit, an appointment is booked, the second visit is on time, the work
     * is free (warranty) and verified without the owner's signature.
     */
    static Script appointment(String orderId, String site, Instant t0) {
        Script s = new Script(orderId, t0);
        s.by("agent-1", report(orderId, "PG-4", site, unit("2-3-303"), t0));
        s.after(ofMinutes(1));
        s.by("agent-1", new TechnicianAssigned("tech-1", "张师傅", s.now(), s.now().plus(ofMinutes(15)), null));
        s.after(ofMinutes(10));
        Instant first = s.now();
        s.by("tech-1", new VisitStarted(1, s.now(), true, "tech-1"));
        s.after(ofMinutes(2));
        s.by("tech-1", new OwnerNotHome(s.now()));
        s.after(ofSeconds(1));
        s.by("tech-1", new VisitEnded(1, first, s.now(), 121, 121));
        s.after(ofMinutes(10));
        Instant appointment = s.now().plus(ofHours(5));
        s.by("agent-1", new AppointmentBooked(appointment, appointment));
        s.after(ofHours(5)).after(ofMinutes(-4));
        Instant second = s.now();
        s.by("tech-1", new VisitStarted(2, s.now(), true, "tech-1"));
        s.after(ofMinutes(20));
        s.by("tech-1", new VisitEnded(2, second, s.now(), 1200, 1321));
        s.after(ofSeconds(1));
        DeskFact done = s.by("tech-1", new WorkCompleted("更换灯泡", 1321, false, s.now().plus(ofHours(6)), s.now()));
        s.after(ofSeconds(1));
        s.reacting(done, "bill", new NoChargeRecorded("WARRANTY", s.now()));
        s.after(ofMinutes(30));
        s.by("leader-1", new VerifiedWithoutOwnerSignature("leader-1", s.now()));
        return s;
    }
}
