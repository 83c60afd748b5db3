package doorstep.billing.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import doorstep.billing.api.BillingViews.RevenueReport;
import doorstep.billing.api.BillingViews.TechnicianRevenue;
import doorstep.platform.security.Caller;
import doorstep.platform.security.Roles;
import doorstep.platform.web.RequestValidator;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Revenue per site and month, and per technician, from every money movement. */
@Path("/api/v1/reports/revenue")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reports")
public class ReportResource {

    @Inject
    EntityManager em;
    @Inject
    Caller caller;

    @GET
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    @Operation(operationId = "getRevenueReport", summary = "A site's revenue in a month (yyyy-MM, site time), in fen, with a line per technician; "
            + "only for one of the caller's sites (another site: 404)")
    public RevenueReport revenue(@QueryParam("siteId") String siteId, @QueryParam("month") String month) {
        RequestValidator v = new RequestValidator();
        v.required("siteId", siteId);
        if (v.required("month", month)) {
            v.check(month.matches("\\d{4}-(0[1-9]|1[0-2])"), "month", "must be yyyy-MM, e.g. 2026-11");
        }
        v.throwIfInvalid();
        // A report is of one site: another site's is answered as a site that does not exist.
        caller.sites().requireVisible(siteId, "site", siteId);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select coalesce(technician_id, ''), kind, sum(amount_fen) from revenue_entry "
                        + "where site_id = ?1 and month = ?2 group by 1, 2 order by 1")
                .setParameter(1, siteId).setParameter(2, month).getResultList();
        Map<String, long[]> byTechnician = new LinkedHashMap<>();
        long[] total = new long[4];
        for (Object[] r : rows) {
            long[] t = byTechnician.computeIfAbsent((String) r[0], k -> new long[4]);
            int i = switch ((String) r[1]) {
                case "CHARGE" -> 0;
                case "ADJUSTMENT" -> 1;
                case "PAYMENT" -> 2;
                default -> 3;
            };
            long amount = ((Number) r[2]).longValue();
            t[i] += amount;
            total[i] += amount;
        }
        List<TechnicianRevenue> lines = new ArrayList<>();
        byTechnician.forEach((tech, t) -> lines.add(new TechnicianRevenue(tech.isEmpty() ? null : tech, t[0], t[1], t[2], t[3])));
        return new RevenueReport(siteId, month, total[0], total[1], total[2], total[3], total[0] + total[1], total[2] - total[3], lines);
    }
}
