package doorstep.platform.security;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;

import doorstep.platform.events.Actor;
import doorstep.platform.web.CommandContext;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The verified user of this request, from their bearer token: {@code sub} is the user id,
 * {@code groups} their roles (DESIGN.md §1), {@code sites} the sites they work on
 * (see {@link SiteScope}). Endpoints say who may call them with {@code @RolesAllowed}; this bean
 * tells the rest: who acts, in which role, on which sites.
 */
@RequestScoped
public class Caller {

    /** The token claim listing the caller's site ids. */
    public static final String SITES_CLAIM = "sites";

    @Inject
    SecurityIdentity identity;
    @Inject
    CommandRateLimit rateLimit;

    private List<String> endpointRoles = List.of();

    /** Called for every request with the endpoint's {@code @RolesAllowed} (empty for a public endpoint). */
    void endpointAdmits(String[] roles) {
        endpointRoles = roles == null ? List.of() : Arrays.asList(roles);
    }

    public boolean authenticated() {
        return !identity.isAnonymous();
    }

    /** The token's {@code sub}. */
    public String userId() {
        return identity.getPrincipal().getName();
    }

    /**
     * The role the caller acts in, as recorded on the events they cause: the first of the endpoint's
     * allowed roles the caller has (so a team leader who is also a technician reviews as team leader);
     * on an endpoint open to every role, the caller's first Doorstep role.
     */
    public String actingRole() {
        Set<String> roles = identity.getRoles();
        for (String r : endpointRoles) {
            if (roles.contains(r)) {
                return r;
            }
        }
        return Roles.ALL.stream().filter(roles::contains).findFirst()
                .orElseThrow(() -> new io.quarkus.security.ForbiddenException("the token has none of Doorstep's roles"));
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }

    /** Who acts, for the events this request records. */
    public Actor actor() {
        return new Actor(userId(), actingRole());
    }

    /**
     * The context of a command this caller sends: counts against their rate limit.
     *
     * @throws CommandRateLimit.TooManyCommands (429) when the caller sent too many commands lately
     */
    public CommandContext command(HttpHeaders headers) {
        rateLimit.take(userId());
        return CommandContext.of(actor(), sites(), headers);
    }

    /** The sites the caller works on; none when the token has no {@code sites} claim. */
    public SiteScope sites() {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return SiteScope.NONE;
        }
        Object claim = jwt.getClaim(SITES_CLAIM);
        if (claim instanceof Collection<?> values) {
            return SiteScope.of(values.stream().map(Caller::text).toList());
        }
        if (claim != null) {
            return SiteScope.of(List.of(text(claim)));
        }
        return SiteScope.NONE;
    }

    private static String text(Object value) {
        // Claims arrive as JSON values (jakarta.json.JsonString prints quoted).
        return value instanceof jakarta.json.JsonString s ? s.getString() : String.valueOf(value);
    }
}
