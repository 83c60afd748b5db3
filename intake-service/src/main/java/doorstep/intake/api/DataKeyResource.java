package doorstep.intake.api;

import java.util.Base64;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import doorstep.platform.personal.KeyTable;
import doorstep.platform.personal.PersonalDataSetup;
import doorstep.platform.security.Roles;
import doorstep.platform.web.FieldError;
import doorstep.platform.web.InvalidRequest;
import doorstep.platform.web.NotFound;
import doorstep.platform.web.Problems;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The key custodian's endpoint (D48): the other Doorstep services ask intake-service, which keeps the data
 * keys of personal data, for an order's key. Only callers with the role {@code doorstep-service}; never a
 * person; nobody but intake itself destroys a key (on erasure), so there is no way to do it here. Serve it
 * over TLS only (in-cluster mTLS or a TLS listener), and let only the three services reach
 * {@code /internal/*} (a NetworkPolicy): the answer is a key, never cached ({@code Cache-Control: no-store}).
 */
@Path("/internal/v1/data-keys/{keyId}")
@RolesAllowed(Roles.SERVICE)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Internal")
public class DataKeyResource {

    /** An order's key, base64 of its 32 bytes. */
    public record DataKey(String keyId, String key) {
    }

    /** The longest key id the custodian's table takes (an order id is a UUID). */
    static final int MAX_KEY_ID = 100;

    @Inject
    KeyTable keys;
    @Inject
    PersonalDataSetup setup;

    @POST
    @Operation(operationId = "issueDataKey", summary = "The order's data key, made on first use (410 once erased)")
    public Response keyForWriting(@PathParam("keyId") String keyId) {
        return answer(keyId, custodian(keyId).keyForWriting(keyId));
    }

    @GET
    @Operation(operationId = "getDataKey", summary = "The order's data key (410 when there is none: erased)")
    public Response keyForReading(@PathParam("keyId") String keyId) {
        return answer(keyId, custodian(keyId).keyForReading(keyId));
    }

    /** This service's key table, if it is the custodian; otherwise the endpoint does not exist. */
    private KeyTable custodian(String keyId) {
        if (!setup.isCustodian()) {
            throw new NotFound("key custodian", "this service");
        }
        if (keyId == null || keyId.isBlank() || keyId.length() > MAX_KEY_ID) {
            throw new InvalidRequest(List.of(new FieldError("keyId", "is an order id of 1 to " + MAX_KEY_ID + " characters")));
        }
        return keys;
    }

    private static Response answer(String keyId, Optional<byte[]> key) {
        return Response.fromResponse(answerOf(keyId, key)).header("Cache-Control", "no-store").build();
    }

    private static Response answerOf(String keyId, Optional<byte[]> key) {
        if (key.isEmpty()) {
            return Problems.response(410, Problems.body("data-key-erased", "Erased", 410,
                    "the personal data of " + keyId + " was erased", "/internal/v1/data-keys/" + keyId));
        }
        return Response.ok(new DataKey(keyId, Base64.getEncoder().encodeToString(key.get()))).build();
    }
}
