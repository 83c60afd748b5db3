package doorstep.billing.api;

import java.time.Clock;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import doorstep.billing.api.BillingViews.MaterialPriceView;
import doorstep.billing.api.BillingViews.WarehouseMaterialBody;
import doorstep.billing.api.BillingViews.WarehouseMaterialView;
import doorstep.billing.application.BillingCommands;
import doorstep.billing.domain.FeeScheduleVersion;
import doorstep.billing.domain.MaterialPricing;
import doorstep.platform.security.Caller;
import doorstep.platform.security.Roles;
import doorstep.platform.web.CommandContext;
import doorstep.platform.web.NotFound;
import doorstep.platform.web.RequestValidator;
import doorstep.platform.web.ApiHeaders;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;

/**
 * Materials: the schedule's price where listed, else the warehouse inbound price + 30 % to the jiao.
 * The warehouse catalogue is company-wide reference data: read by every role, kept by the warehouse
 * and administrators of every site.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Materials")
public class MaterialResource {

    @Inject
    EntityManager em;
    @Inject
    BillingCommands commands;
    @Inject
    Clock clock;
    @Inject
    Caller caller;

    @PUT
    @Path("/warehouse-materials/{code}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @RolesAllowed({Roles.WAREHOUSE, Roles.ADMIN})
    @Operation(operationId = "setWarehouseMaterial", summary = "Record a material's warehouse inbound price (warehouse, admin; company-wide users only)")
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.REGISTRY_COMMAND)
    public WarehouseMaterialView put(@PathParam("code") String code, WarehouseMaterialBody body, @Context HttpHeaders headers) {
        CommandContext context = caller.command(headers);
        // The catalogue is company-wide: a user of particular sites may not change it (403).
        context.sites().requireCompanyWide("the warehouse catalogue");
        RequestValidator v = new RequestValidator();
        v.check(code.matches("[A-Z0-9][A-Z0-9-]{0,31}"), "code", "must be 1-32 upper-case letters, digits or dashes");
        v.requiredText("name", body == null ? null : body.name(), 100);
        if (v.required("inboundPriceFen", body == null ? null : body.inboundPriceFen())) {
            v.check(body.inboundPriceFen() >= 0, "inboundPriceFen", "cannot be negative");
        }
        v.throwIfInvalid();
        em.createNativeQuery("insert into warehouse_material (code, name, inbound_price_fen, updated_at) values (?1, ?2, ?3, ?4) "
                        + "on conflict (code) do update set name = excluded.name, inbound_price_fen = excluded.inbound_price_fen, "
                        + "updated_at = excluded.updated_at")
                .setParameter(1, code).setParameter(2, body.name().strip()).setParameter(3, body.inboundPriceFen())
                .setParameter(4, clock.instant()).executeUpdate();
        return new WarehouseMaterialView(code, body.name().strip(), body.inboundPriceFen());
    }

    @GET
    @Path("/warehouse-materials")
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    @Operation(operationId = "listWarehouseMaterials", summary = "Warehouse materials with their inbound prices")
    public List<WarehouseMaterialView> list() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select code, name, inbound_price_fen from warehouse_material order by code").getResultList();
        return rows.stream().map(r -> new WarehouseMaterialView((String) r[0], (String) r[1], ((Number) r[2]).longValue())).toList();
    }

    @GET
    @Path("/materials/{code}/price")
    @RolesAllowed({Roles.AGENT, Roles.TECHNICIAN, Roles.TEAM_LEADER, Roles.SUPERVISOR, Roles.WAREHOUSE, Roles.ADMIN})
    @Operation(operationId = "getMaterialPrice", summary = "What a material costs the owner now, and why")
    public MaterialPriceView price(@PathParam("code") String code) {
        FeeScheduleVersion inForce = commands.versionInForce(commands.now()).map(commands::scheduleVersion).orElse(null);
        List<?> rows = em.createNativeQuery("select name, inbound_price_fen from warehouse_material where code = ?1")
                .setParameter(1, code).getResultList();
        Object[] warehouse = rows.isEmpty() ? null : (Object[]) rows.get(0);
        MaterialPricing.UnitPrice price = MaterialPricing.unitPrice(inForce, code,
                        warehouse == null ? null : ((Number) warehouse[1]).longValue())
                .orElseThrow(() -> new NotFound("material", code));
        return new MaterialPriceView(code, price.listedName() != null ? price.listedName() : (String) warehouse[0], price.fen(),
                price.basis());
    }

}
