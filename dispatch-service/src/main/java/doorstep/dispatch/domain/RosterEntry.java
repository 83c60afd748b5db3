package doorstep.dispatch.domain;

/**
 * A technician (工程人员) as the roster knows them when an order is assigned: the site they work at
 * and whether they are on duty. Plain values, so assignment rules stay in {@link Dispatch}.
 */
public record RosterEntry(String technicianId, String name, String siteId, boolean onDuty) {
}
