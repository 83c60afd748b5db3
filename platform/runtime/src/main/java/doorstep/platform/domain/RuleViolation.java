package doorstep.platform.domain;

/**
 * A command that breaks a business rule in the aggregate's current state, e.g. amending a
 * cancelled order. Reported to callers as 409 with the rule and the state named.
 */
public class RuleViolation extends RuntimeException {

    private final String rule;
    private final String currentState;

    public RuleViolation(String rule, String currentState, String message) {
        super(message);
        this.rule = rule;
        this.currentState = currentState;
    }

    /** A stable, machine-readable name of the rule, e.g. {@code amend-only-before-dispatch}. */
    public String rule() {
        return rule;
    }

    public String currentState() {
        return currentState;
    }
}
