package doorstep.intake.desk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import doorstep.intake.desk.DeskEvents.*;
import doorstep.intake.desk.DeskView.*;

/**
 * The order desk's view of one order: a left fold of the order's events from the four services, in causal order
 * ({@link CausalOrder}), cut at an instant (D53). The view only reads what the services recorded: their stages,
 * due instants, judgements (on time, overdue) and amounts; it decides nothing of its own but whether a deadline
 * still open is past due at the instant asked about.
 */
public final class DeskFold {

    /** What a personal field reads once the order's personal data was erased (D48). */
    public static final String ERASED = "已删除";

    private final String orderId;
    private String orderNumber;
    private String siteId;
    private String siteTimeZone;
    private DeskStage stage;
    private Location location;
    private String reporterName;
    private String reporterPhone;
    private String reporterPhoneExtension;
    private VisitTime visitTime;
    private String content;
    private String channel;
    private Boolean warranty;
    private Instant reportedAt;
    private String repeatOf;
    private Cancellation cancellation;
    private TechnicianView technician;
    private Instant appointmentAt;
    private final Map<DeadlineKind, Open> deadlines = new EnumMap<>(DeadlineKind.class);
    private final List<Visit> visits = new ArrayList<>();
    private long handlingSeconds;
    private WorkView work;
    private Acceptance acceptance;
    private Instant reviewedAt;
    private Instant archivedAt;
    private String quoteId;
    private Long quoteFen;
    private String quoteState;
    private String chargeId;
    private long chargedFen;
    private long adjustedFen;
    private long paidFen;
    private long refundedFen;
    private String noChargeReason;
    private String coordinationNumber;
    private String coordinationRule;
    private Instant convertedAt;
    private Instant coordinationOpenedAt;
    private String trackerId;
    private int entries;
    private int pages;
    private Instant lastEntryAt;
    private int leaderChecks;
    private int supervisorChecks;
    private String coordinationResult;
    private Instant resolvedAt;
    private Instant coordinationArchivedAt;
    private CallbackView callback;
    private RetentionView retention;
    private boolean personalDataErased;
    private int events;
    private Instant lastEventAt;

    /** A deadline as the events left it; its state is judged at the view's instant. */
    private record Open(DeadlineKind kind, String basis, Instant dueAt, Instant metAt, Boolean metInTime, boolean reportedOverdue,
                        boolean closed) {
        Open met(Instant at, Boolean inTime) {
            return closed || metAt != null ? this : new Open(kind, basis, dueAt, at, inTime, reportedOverdue, false);
        }

        Open overdue() {
            return new Open(kind, basis, dueAt, metAt, metInTime, true, closed);
        }

        Open close() {
            return closed || metAt != null ? this : new Open(kind, basis, dueAt, metAt, metInTime, reportedOverdue, true);
        }

        Deadline at(Instant asOf) {
            DeadlineState state;
            if (metAt != null) {
                boolean inTime = metInTime != null ? metInTime : metAt.isBefore(dueAt);
                state = inTime ? DeadlineState.MET : DeadlineState.MET_LATE;
            } else if (closed) {
                state = DeadlineState.CLOSED;
            } else if (reportedOverdue || !asOf.isBefore(dueAt)) {
                state = DeadlineState.OVERDUE;
            } else {
                state = DeadlineState.PENDING;
            }
            return new Deadline(kind, basis, dueAt, metAt, state, state == DeadlineState.OVERDUE || state == DeadlineState.MET_LATE);
        }
    }

    private DeskFold(String orderId) {
        this.orderId = orderId;
    }

    /**
     * The order as it stood at {@code asOf}: the events that happened at or before it, in causal order.
     *
     * @param events the order's events from any of the services, in any order (duplicates count once)
     * @param asOf   the instant to judge open deadlines at: now for the live view, the instant asked for otherwise
     * @return the view, or null when no event of the order happened by {@code asOf}
     */
    public static DeskView view(String orderId, List<DeskFact> events, Instant asOf) {
        return fold(orderId, events.stream().filter(f -> !f.occurredAt().isAfter(asOf)).toList(), asOf);
    }

    /**
     * The order now: every event the desk holds, even one its service stamped a little ahead of the desk's clock,
     * with open deadlines judged at {@code now}.
     *
     * @return the view, or null when there is no event
     */
    public static DeskView live(String orderId, List<DeskFact> events, Instant now) {
        return fold(orderId, events, now);
    }

    private static DeskView fold(String orderId, List<DeskFact> events, Instant judgedAt) {
        if (events.isEmpty()) {
            return null;
        }
        DeskFold fold = new DeskFold(orderId);
        for (DeskFact f : CausalOrder.of(events)) {
            fold.apply(f);
        }
        return fold.result(judgedAt);
    }

    private void apply(DeskFact f) {
        events++;
        if (lastEventAt == null || f.occurredAt().isAfter(lastEventAt)) {
            lastEventAt = f.occurredAt();
        }
        Object e = f.event();
        if (e == null) {
            return;
        }
        if (e instanceof ProblemReported r) {
            orderNumber = r.orderNumber();
            siteId = r.siteId();
            siteTimeZone = r.siteTimeZone();
            location = r.location();
            reporter(r.reporter());
            visitTime = r.visitTime();
            content = r.content();
            channel = r.channel();
            warranty = r.warranty();
            reportedAt = r.reportedAt();
            repeatOf = r.repeatOf();
            stage(DeskStage.REPORTED);
        } else if (e instanceof OrderAmended a) {
            if (a.reporter() != null) {
                reporter(a.reporter());
            }
            if (a.visitTime() != null) {
                visitTime = a.visitTime();
            }
            if (a.content() != null) {
                content = a.content();
            }
            if (a.warranty() != null) {
                warranty = a.warranty();
            }
        } else if (e instanceof OrderCancelled c) {
            cancel(c.reason(), c.cancelledAt());
        } else if (e instanceof OrderDispatched d) {
            if (technician == null) {
                technician = new TechnicianView(d.technicianId(), null, d.dispatchedAt(), null);
            }
            if (stage == DeskStage.REPORTED) { // intake's note of the assignment: after the visit began it says nothing new
                stage(DeskStage.DISPATCHED);
            }
        } else if (e instanceof PersonalDataErased x) {
            personalDataErased = true;
        } else if (e instanceof TechnicianAssigned t) {
            technician = new TechnicianView(t.technicianId(), t.technicianName(), t.assignedAt(), null);
            deadlines.put(DeadlineKind.ARRIVAL, open(DeadlineKind.ARRIVAL, "FIFTEEN_MINUTE_RULE", t.arrivalDueAt()));
            stage(DeskStage.DISPATCHED);
        } else if (e instanceof AssignmentAccepted a) {
            if (technician != null && technician.id().equals(a.technicianId())) {
                technician = new TechnicianView(technician.id(), technician.name(), technician.assignedAt(), a.at());
            }
        } else if (e instanceof AppointmentBooked b) {
            appointmentAt = b.appointmentAt();
            deadlines.put(DeadlineKind.ARRIVAL, open(DeadlineKind.ARRIVAL, "APPOINTMENT", b.arrivalDueAt()));
            stage(DeskStage.APPOINTED);
        } else if (e instanceof ArrivalOverdue o) {
            deadlines.computeIfPresent(DeadlineKind.ARRIVAL, (k, d) -> d.metAt() == null ? d.overdue() : d);
        } else if (e instanceof VisitStarted v) {
            Open arrival = deadlines.get(DeadlineKind.ARRIVAL);
            boolean meetsArrival = arrival != null && arrival.metAt() == null && !arrival.closed();
            if (meetsArrival) {
                deadlines.put(DeadlineKind.ARRIVAL, arrival.met(v.at(), v.onTime()));
            }
            visits.add(new Visit(v.visitNumber(), v.at(), null, null, meetsArrival ? v.onTime() : null, meetsArrival ? arrival.basis() : null));
            stage(DeskStage.VISITING);
        } else if (e instanceof VisitEnded v) {
            for (int i = 0; i < visits.size(); i++) {
                Visit visit = visits.get(i);
                if (visit.number() == v.visitNumber()) {
                    visits.set(i, new Visit(visit.number(), v.startedAt(), v.endedAt(), v.durationSeconds(), visit.onTime(), visit.arrivalBasis()));
                }
            }
            handlingSeconds = v.handlingSecondsSoFar();
            if (stage == DeskStage.VISITING) {
                stage(DeskStage.WAITING);
            }
        } else if (e instanceof OwnerNotHome n) {
            stage(DeskStage.WAITING);
        } else if (e instanceof WaitingForMaterials w) {
            stage(DeskStage.WAITING);
        } else if (e instanceof WorkStarted w) {
            stage(DeskStage.VISITING);
        } else if (e instanceof MaterialsAvailable m) {
            // still waiting for the next visit
        } else if (e instanceof WorkCompleted w) {
            work = new WorkView(w.result(), w.paid(), w.at());
            handlingSeconds = w.handlingSeconds();
            deadlines.computeIfPresent(DeadlineKind.CONVERSION, (k, d) -> d.met(w.at(), null));
            deadlines.put(DeadlineKind.REVIEW_AND_ARCHIVE, open(DeadlineKind.REVIEW_AND_ARCHIVE, null, w.reviewAndArchiveDueAt()));
            stage(DeskStage.COMPLETED);
        } else if (e instanceof OwnerAccepted a) {
            acceptance = new Acceptance(a.rating(), a.comment(), true, null, a.at());
        } else if (e instanceof VerifiedWithoutOwnerSignature v) {
            acceptance = new Acceptance(null, null, false, v.teamLeaderId(), v.at());
        } else if (e instanceof ReviewedByTeamLeader r) {
            reviewedAt = r.at();
        } else if (e instanceof Archived a) {
            archivedAt = a.at();
            deadlines.computeIfPresent(DeadlineKind.REVIEW_AND_ARCHIVE, (k, d) -> d.met(a.at(), null));
            stage(DeskStage.ARCHIVED);
        } else if (e instanceof ReviewOverdue o) {
            deadlines.computeIfPresent(DeadlineKind.REVIEW_AND_ARCHIVE, (k, d) -> d.metAt() == null ? d.overdue() : d);
        } else if (e instanceof ArchiveOverdue o) {
            deadlines.computeIfPresent(DeadlineKind.REVIEW_AND_ARCHIVE, (k, d) -> d.metAt() == null ? d.overdue() : d);
        } else if (e instanceof ConversionDeadlineSet s) {
            deadlines.put(DeadlineKind.CONVERSION, open(DeadlineKind.CONVERSION, s.rule(), s.dueAt()));
        } else if (e instanceof ConversionDeadlineMoved m) {
            deadlines.put(DeadlineKind.CONVERSION, open(DeadlineKind.CONVERSION, m.rule(), m.dueAt()));
        } else if (e instanceof ConversionExempted x) {
            deadlines.computeIfPresent(DeadlineKind.CONVERSION, (k, d) -> d.close());
        } else if (e instanceof ConvertedToCoordination c) {
            deadlines.computeIfPresent(DeadlineKind.CONVERSION, (k, d) -> d.close());
            deadlines.computeIfPresent(DeadlineKind.ARRIVAL, (k, d) -> d.close());
            if (coordinationRule == null) {
                coordinationRule = c.rule();
            }
            if (convertedAt == null) {
                convertedAt = c.at();
            }
            stage(DeskStage.COORDINATING);
        } else if (e instanceof EscalatedToTeamLeader x) {
            // shown in the timeline; the stage does not change
        } else if (e instanceof DispatchWithdrawn w) {
            cancel(w.reason(), w.at());
        } else if (e instanceof QuoteIssued q) {
            quoteId = q.quoteId();
            quoteFen = q.totalFen();
            quoteState = "ISSUED";
        } else if (e instanceof QuoteAccepted q) {
            if (q.quoteId().equals(quoteId)) {
                quoteState = "ACCEPTED";
            }
        } else if (e instanceof QuoteDeclined q) {
            if (q.quoteId().equals(quoteId)) {
                quoteState = "DECLINED";
            }
        } else if (e instanceof ChargeRaised c) {
            chargeId = c.chargeId();
            chargedFen += c.totalFen();
        } else if (e instanceof ChargeAdjusted a) {
            adjustedFen += a.amountFen();
        } else if (e instanceof PaymentRecorded p) {
            paidFen += p.amountFen();
        } else if (e instanceof RefundIssued r) {
            refundedFen += r.amountFen();
        } else if (e instanceof NoChargeRecorded n) {
            noChargeReason = n.reason();
        } else if (e instanceof CoordinationOrderOpened o) {
            coordinationNumber = o.coordinationNumber();
            coordinationRule = o.conversionRule();
            convertedAt = o.convertedAt();
            coordinationOpenedAt = o.at();
            trackerId = o.trackerId();
            deadlines.put(DeadlineKind.TRACKING_ENTRY, open(DeadlineKind.TRACKING_ENTRY, null, o.firstEntryDueAt()));
            deadlines.put(DeadlineKind.MONTHLY_CHECKS, open(DeadlineKind.MONTHLY_CHECKS, null, o.firstChecksDueAt()));
            stage(DeskStage.COORDINATING);
        } else if (e instanceof TrackerAssigned t) {
            trackerId = t.trackerId();
        } else if (e instanceof TrackingEntryRecorded r) {
            entries++;
            pages = Math.max(pages, r.page());
            lastEntryAt = r.trackedAt();
            deadlines.put(DeadlineKind.TRACKING_ENTRY, open(DeadlineKind.TRACKING_ENTRY, null, r.nextEntryDueAt()));
        } else if (e instanceof TrackingEntryOverdue o) {
            deadlines.put(DeadlineKind.TRACKING_ENTRY, open(DeadlineKind.TRACKING_ENTRY, null, o.dueAt()).overdue());
        } else if (e instanceof CheckSignedOff c) {
            if ("LEADER_CHECK".equals(c.cadence())) {
                leaderChecks++;
            } else if ("SUPERVISOR_CHECK".equals(c.cadence())) {
                supervisorChecks++;
            }
        } else if (e instanceof CheckOverdue o) {
            deadlines.computeIfPresent(DeadlineKind.MONTHLY_CHECKS, (k, d) -> d.overdue());
        } else if (e instanceof CheckMonthClosed m) {
            leaderChecks = 0;
            supervisorChecks = 0;
            deadlines.put(DeadlineKind.MONTHLY_CHECKS, open(DeadlineKind.MONTHLY_CHECKS, null, m.nextChecksDueAt()));
        } else if (e instanceof CoordinationResolved r) {
            coordinationResult = r.result();
            resolvedAt = r.at();
            deadlines.computeIfPresent(DeadlineKind.TRACKING_ENTRY, (k, d) -> d.close());
            deadlines.computeIfPresent(DeadlineKind.MONTHLY_CHECKS, (k, d) -> d.close());
            deadlines.put(DeadlineKind.COORDINATION_ARCHIVE, open(DeadlineKind.COORDINATION_ARCHIVE, null, r.archiveDueAt()));
            stage(DeskStage.COORDINATION_RESOLVED);
        } else if (e instanceof CoordinationArchiveOverdue o) {
             deadlines.computeIfPresent(DeadlineKind.COORDINATION_ARCHIVE, (k, d) -> d.metAt() == null ? d.overdue() : d);
        } else if (e instanceof CoordinationArchived a) {
            coordinationArchivedAt = a.at();
            deadlines.computeIfPresent(DeadlineKind.COORDINATION_ARCHIVE, (k, d) -> d.met(a.at(), null));
            stage(DeskStage.COORDINATION_ARCHIVED);
        } else if (e instanceof CallbackScheduled s) {
            callback = new CallbackView("SCHEDULED", 0, null, null, s.at());
        } else if (e instanceof CallbackNotReached n) {
            callback = new CallbackView("NOT_REACHED", n.attempt(), null, null, n.at());
        } else if (e instanceof CallbackCompleted c) {
            callback = new CallbackView("COMPLETED", callback == null ? 1 : callback.attempts() + 1, c.satisfaction(), c.problemPersists(), c.at());
        } else if (e instanceof CallbackAbandoned a) {
            callback = new CallbackView("ABANDONED", a.attempts(), null, null, a.at());
        } else if (e instanceof RetentionScheduled r) {
            retention = new RetentionView(r.recordKind(), r.retainUntil(), retention == null ? null : retention.expiredAt());
        } else if (e instanceof RetentionExpired x) {
            retention = new RetentionView(retention == null ? null : retention.recordKind(), retention == null ? null : retention.retainUntil(), x.at());
        }
    }

    private static Open open(DeadlineKind kind, String basis, Instant dueAt) {
        return new Open(kind, basis, dueAt, null, null, false, false);
    }

    private void reporter(Reporter r) {
        reporterName = r.name();
        reporterPhone = r.phone().canonical();
        reporterPhoneExtension = r.phone().extension();
    }

    private void cancel(String reason, Instant at) {
        cancellation = new Cancellation(reason, at);
        deadlines.replaceAll((k, d) -> d.close());
        stage(DeskStage.CANCELLED);
    }

    /**
     * Moves the stage to a later milestone, never back (D53): the stages of the visit (dispatched, appointed, visiting,
     * waiting) follow one another in any order until the work is completed; completed, archived and the coordination
     * order's stages only go forward; a cancelled order stays cancelled. So a reaction recorded late (intake's
     * {@code OrderDispatched} after the visit) or a dispatch event after the conversion cannot move an order back.
     */
    private void stage(DeskStage next) {
        if (stage == null || rank(next) > rank(stage) || (rank(next) == rank(stage) && rank(next) == VISIT_RANK)) {
            stage = next;
        }
    }

    private static final int VISIT_RANK = 1;

    private static int rank(DeskStage s) {
        return switch (s) {
            case REPORTED -> 0;
            case DISPATCHED, APPOINTED, VISITING, WAITING -> VISIT_RANK;
            case COMPLETED -> 2;
            case ARCHIVED -> 3;
            case COORDINATING -> 4;
            case COORDINATION_RESOLVED -> 5;
            case COORDINATION_ARCHIVED -> 6;
            case CANCELLED -> 7;
        };
    }

    private DeskView result(Instant asOf) {
        List<Deadline> judged = deadlines.values().stream().map(d -> d.at(asOf)).toList();
        boolean overdue = judged.stream().anyMatch(d -> d.state() == DeadlineState.OVERDUE);
        DeskReporter reporter = reporterName == null && reporterPhone == null ? null
                : personalDataErased ? new DeskReporter(erased(reporterName), erased(reporterPhone), reporterPhoneExtension)
                : new DeskReporter(reporterName, reporterPhone, reporterPhoneExtension);
        Acceptance accepted = acceptance != null && personalDataErased && acceptance.comment() != null
                ? new Acceptance(acceptance.rating(), ERASED, acceptance.signedByOwner(), acceptance.verifiedBy(), acceptance.at())
                : acceptance;
        Money money = quoteId == null && chargeId == null && noChargeReason == null && paidFen == 0 && refundedFen == 0 && adjustedFen == 0
                ? null
                : new Money(quoteId, quoteFen, quoteState, chargeId, chargedFen, adjustedFen, paidFen, refundedFen,
                chargedFen + adjustedFen - paidFen + refundedFen, noChargeReason);
        CoordinationView coordination = coordinationNumber == null && coordinationRule == null ? null
                : new CoordinationView(coordinationNumber, coordinationRule, convertedAt, coordinationOpenedAt, trackerId, entries, pages, lastEntryAt,
                leaderChecks, supervisorChecks, coordinationResult, resolvedAt, coordinationArchivedAt);
        return new DeskView(orderId, orderNumber, siteId, siteTimeZone, stage, location, reporter, visitTime, content, channel, warranty,
                reportedAt, repeatOf, cancellation, technician, appointmentAt, judged, List.copyOf(visits), handlingSeconds, work,
                accepted, reviewedAt, archivedAt, money, coordination, callback, retention, personalDataErased, overdue, asOf, events,
                lastEventAt);
    }

    private static String erased(String value) {
        return value == null ? null : ERASED;
    }
}
