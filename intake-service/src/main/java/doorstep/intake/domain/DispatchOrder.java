package doorstep.intake.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import doorstep.platform.domain.InvalidValue;
import doorstep.platform.domain.RuleViolation;

/**
 * The dispatch order (派工单) as the customer center creates it. Command methods check the rules and
 * return the events to record; state changes only in {@link #apply}, which also rebuilds the order
 * from its history.
 */
public final class DispatchOrder {

    public static final int MAX_CONTENT = 2000;
    public static final int MAX_REASON = 500;
    public static final int MAX_DEPARTMENT = 100;
    /** An agreed visit time may lie this far in the past (clock skew, a slow form), not more. */
    static final Duration AGREED_TIME_TOLERANCE = Duration.ofMinutes(5);

    private String orderId;
    private String siteId;
    private OrderStatus status;
    private Reporter reporter;
    private VisitTime visitTime;
    private String content;
    private boolean warranty;

    // ---- commands -------------------------------------------------------------------------

    /** Rule 派工单五要素: location, reporter, visit time, content and contact phone are all required. */
    public List<DispatchOrderEvent> report(ReportProblem c) {
        if (status != null) {
            throw new RuleViolation("order-reported-once", status.name(), "order " + orderId + " was already reported");
        }
        requireFiveElements(c.location(), c.reporter(), c.visitTime(), c.content());
        requireVisitTimeNotPast(c.visitTime(), c.now());
        if (c.channel() == ReportChannel.OTHER_DEPARTMENT
                && (c.reportingDepartment() == null || c.reportingDepartment().isBlank())) {
            throw new InvalidValue("reportingDepartment", "is required when another department reports");
        }
        if (c.reportingDepartment() != null && c.reportingDepartment().length() > MAX_DEPARTMENT) {
            throw new InvalidValue("reportingDepartment", "is longer than " + MAX_DEPARTMENT + " characters");
        }
        Objects.requireNonNull(c.siteId(), "siteId");
        Objects.requireNonNull(c.siteTimeZone(), "siteTimeZone");
        return List.of(new ProblemReported(c.orderId(), c.orderNumber(), c.siteId(), c.siteTimeZone(), c.location(),
                c.location().kind() == Location.Kind.IN_UNIT ? c.legalOwner() : null,
                c.reporter(), c.visitTime(), c.content().strip(), c.channel(),
                c.channel() == ReportChannel.OTHER_DEPARTMENT ? c.reportingDepartment().strip() : null,
                c.warranty(), c.now(), c.repeatOf()));
    }

    /**
     * 回访复诉 (D31): a callback found the problem back. The new order is for the same place, legal owner
     * and reporter, as soon as possible, through the customer center; its content is the complaint
     * prefixed {@code 回访复诉(原单 <number>): }, cut to {@link #MAX_CONTENT}; it names the original.
     */
    public static ReportProblem repeatComplaint(ProblemReported original, String orderId, String orderNumber, String complaint,
                                                Instant now) {
        String content = "回访复诉(原单 " + original.orderNumber() + "): " + complaint;
        return new ReportProblem(orderId, orderNumber, original.siteId(), original.siteTimeZone(), original.location(),
                original.legalOwner(), original.reporter(), VisitTime.asap(),
                content.length() > MAX_CONTENT ? content.substring(0, MAX_CONTENT) : content,
                ReportChannel.CUSTOMER_CENTER, null, original.warranty(), now, original.orderId());
    }

    /** Rule: details may be corrected only before dispatch; nothing is recorded when nothing changes. */
    public List<DispatchOrderEvent> amend(AmendOrder c) {
        requireOpen("amend-only-before-dispatch");
        if (c.content() != null) {
            requireContent(c.content());
        }
        if (c.visitTime() != null) {
            requireVisitTimeNotPast(c.visitTime(), c.now());
        }
        Reporter newReporter = changed(reporter, c.reporter());
        VisitTime newVisit = changed(visitTime, c.visitTime());
        String newContent = changed(content, c.content() == null ? null : c.content().strip());
        Boolean newWarranty = changed(warranty, c.warranty());
        if (newReporter == null && newVisit == null && newContent == null && newWarranty == null) {
            return List.of();
        }
        return List.of(new OrderAmended(orderId, newReporter, newVisit, newContent, newWarranty, c.now()));
    }

    /** Rule: an order is withdrawn only before dispatch, and with a reason. */
    public List<DispatchOrderEvent> cancel(CancelOrder c) {
        requireOpen("cancel-only-before-dispatch");
        if (c.reason() == null || c.reason().isBlank()) {
            throw new InvalidValue("reason", "is required");
        }
        if (c.reason().length() > MAX_REASON) {
            throw new InvalidValue("reason", "is longer than " + MAX_REASON + " characters");
        }
        return List.of(new OrderCancelled(orderId, c.reason().strip(), c.now()));
    }

    /** Dispatch assigned a technician: record it once; a reassignment or a late duplicate changes nothing. */
    public List<DispatchOrderEvent> noteDispatched(String technicianId, Instant dispatchedAt) {
        if (status != OrderStatus.REPORTED) {
            return List.of();
        }
        return List.of(new OrderDispatched(orderId, technicianId, dispatchedAt));
    }

    // ---- state --------------------------------------------------------------------------

    public void apply(DispatchOrderEvent event) {
        if (event instanceof ProblemReported e) {
            orderId = e.orderId();
            siteId = e.siteId();
            status = OrderStatus.REPORTED;
            reporter = e.reporter();
            visitTime = e.visitTime();
            content = e.content();
            warranty = e.warranty();
        } else if (event instanceof OrderAmended e) {
            if (e.reporter() != null) {
                reporter = e.reporter();
            }
            if (e.visitTime() != null) {
                visitTime = e.visitTime();
            }
            if (e.content() != null) {
                content = e.content();
            }
            if (e.warranty() != null) {
                warranty = e.warranty();
            }
        } else if (event instanceof OrderCancelled) {
            status = OrderStatus.CANCELLED;
        } else if (event instanceof OrderDispatched) {
            status = OrderStatus.DISPATCHED;
        }
    }

    public OrderStatus status() {
        return status;
    }

    public String siteId() {
        return siteId;
    }

    public boolean exists() {
        return status != null;
    }

    // ---- rules --------------------------------------------------------------------------

    static void requireFiveElements(Location location, Reporter reporter, VisitTime visitTime, String content) {
        if (location == null) {
            throw new InvalidValue("location", "is required: a unit or a public area");
        }
        if (reporter == null) {
            throw new InvalidValue("reporter", "is required");
        }
        if (visitTime == null) {
            throw new InvalidValue("visitTime", "is required: as soon as possible or an agreed time");
        }
        requireContent(content);
    }

    private static void requireContent(String content) {
        if (content == null || content.isBlank()) {
            throw new InvalidValue("content", "is required: what is the problem?");
        }
        if (content.length() > MAX_CONTENT) {
            throw new InvalidValue("content", "is longer than " + MAX_CONTENT + " characters");
        }
    }

    private static void requireVisitTimeNotPast(VisitTime visitTime, Instant now) {
        if (visitTime != null && !visitTime.asSoonAsPossible() && visitTime.agreedAt().isBefore(now.minus(AGREED_TIME_TOLERANCE))) {
            throw new InvalidValue("visitTime", "an agreed visit time cannot lie in the past");
        }
    }

    private void requireOpen(String rule) {
        if (status == null) {
            throw new IllegalStateException("no such order");
        }
        if (status != OrderStatus.REPORTED) {
            throw new RuleViolation(rule, status.name(), "order " + orderId + " is " + status.name().toLowerCase());
        }
    }

    private static <T> T changed(T current, T proposed) {
        return proposed == null || proposed.equals(current) ? null : proposed;
    }
}
