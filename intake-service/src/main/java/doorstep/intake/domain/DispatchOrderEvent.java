package doorstep.intake.domain;

/**
 * The facts intake records about a dispatch order (派工单), published on {@code doorstep.intake.events}.
 * Each is a past-tense fact with a JSON Schema under {@code /schemas/intake/}.
 */
public sealed interface DispatchOrderEvent permits ProblemReported, OrderAmended, OrderCancelled, OrderDispatched {

    String orderId();
}
