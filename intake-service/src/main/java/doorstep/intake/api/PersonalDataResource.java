package doorstep.intake.api;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import doorstep.intake.application.PersonalDataErasures;
import doorstep.intake.application.PersonalDataErasures.Outcome;
import doorstep.platform.domain.PhoneNumber;
import doorstep.platform.security.Caller;
import doorstep.platform.security.Roles;
import doorstep.platform.web.CommandContext;
import doorstep.platform.web.InvalidRequest;
import doorstep.platform.web.MultiLine;
import doorstep.platform.web.RequestValidator;
import doorstep.platform.web.ApiHeaders;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;

/**
 * A data subject's request to erase their personal data (PIPL art. 47; D48), made by an administrator
 * for the orders of their sites. The request names the subject by phone number or by unit (the unit
 * owner's request); every matching order is erased in one transaction, coordination orders included.
 * Nothing of the request is stored or logged (the body holds a phone number): no idempotent answer is
 * kept, and a retry is harmless (an order erased before answers {@code erasedNow: false}).
 */
@Path("/api/v1/personal-data/erasures")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Personal data", description = "Erasure of personal data on request (个人信息删除)")
public class PersonalDataResource {

    /** How long the free-text reason may be; it is not stored with any personal data. */
    public static final int MAX_REASON = 500;

    @Schema(description = "Exactly one of phone and unitId")
    public record ErasureRequest(
            @Schema(description = "The data subject's phone: every order whose reporter or legal owner has this number "
                    + "(as people write it; compared in canonical form, an extension does not matter)", example = "138 1234 5678") String phone,
            @Schema(description = "The unit: every order of the unit (the unit owner's request)") String unitId,
            @Schema(description = "Why, for the operator's own notes; not stored with the data, at most 500 characters") @MultiLine String reason) {
    }

    public record ErasedOrderView(String orderId, String orderNumber, String siteId,
                                  @Schema(description = "false when the order's personal data had been erased before") boolean erasedNow) {
    }

    public record ErasureView(@Schema(description = "The orders the request covered, oldest first; empty when none matched")
                              List<ErasedOrderView> erased, Instant erasedAt) {
    }

    @Inject
    Caller caller;
    @Inject
    PersonalDataErasures erasures;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "erasePersonalData", summary = "Erase a data subject's personal data from every order of the caller's sites that names them")
    @RolesAllowed(Roles.ADMIN)
    @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.REGISTRY_COMMAND)
    public ErasureView erase(ErasureRequest body, @Context HttpHeaders headers) {
        CommandContext context = caller.command(headers);
        if (body == null) {
            throw InvalidRequest.of("$", "a JSON body is required");
        }
        RequestValidator v = new RequestValidator();
        boolean byPhone = body.phone() != null;
        boolean byUnit = body.unitId() != null;
        if (byPhone == byUnit) {
            v.add(byPhone ? "unitId" : "phone", "give exactly one of phone and unitId");
        }
        PhoneNumber phone = null;
        if (byPhone) {
            try {
                phone = PhoneNumber.parse(body.phone());
            } catch (doorstep.platform.domain.InvalidValue e) {
                // Not the parser's message: it may repeat digits of the number, and this answer must not.
                v.add("phone", "is not a mainland China phone number: an 11-digit mobile, or a landline with its area code");
            }
        }
        if (byUnit) {
            v.check(!body.unitId().isBlank(), "unitId", "cannot be empty");
            v.maxLength("unitId", body.unitId(), 64);
        }
        v.maxLength("reason", body.reason(), MAX_REASON);
        v.throwIfInvalid();
        Outcome outcome = byPhone
                ? erasures.byPhone(phone, context.sites(), context.metadata())
                : erasures.byUnit(body.unitId().strip(), context.sites(), context.metadata());
        return new ErasureView(outcome.erased().stream()
                .map(o -> new ErasedOrderView(o.orderId(), o.orderNumber(), o.siteId(), o.erasedNow())).toList(), outcome.erasedAt());
    }
}
