package doorstep.platform.security;

import java.util.List;

/**
 * The roles of DESIGN.md §1, as they arrive in a bearer token's {@code groups} claim and as endpoints
 * name them in {@code @RolesAllowed}. An identity provider may send other groups too; Doorstep ignores them.
 */
public final class Roles {

    /** Customer center agent (客服): reports, appointments, archiving. */
    public static final String AGENT = "agent";
    /** Technician (工程人员): the visit itself, only on orders assigned to them. */
    public static final String TECHNICIAN = "technician";
    /** Team leader (班组长): dispatch, review, exemptions. */
    public static final String TEAM_LEADER = "team-leader";
    /** Supervisor (主管): coordination orders' weekly entries and monthly checks. */
    public static final String SUPERVISOR = "supervisor";
    /** Warehouse keeper (库房): issues requisitioned materials, keeps the material catalogue. */
    public static final String WAREHOUSE = "warehouse";
    /** Administrator: sites, units, fee schedules, rosters, calendars, projection rebuilds. */
    public static final String ADMIN = "admin";

    /**
     * Another Doorstep service (not a person): asks the key custodian for data keys (D48). Never in
     * {@link #ALL}; a user's token must not carry it.
     */
    public static final String SERVICE = "doorstep-service";

    /** Every role of a person, in the order a token's roles are tried when an endpoint admits several. */
    public static final List<String> ALL = List.of(AGENT, TECHNICIAN, TEAM_LEADER, SUPERVISOR, WAREHOUSE, ADMIN);

    private Roles() {
    }
}
