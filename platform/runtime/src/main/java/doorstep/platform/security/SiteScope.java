package doorstep.platform.security;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import doorstep.platform.web.Forbidden;
import doorstep.platform.web.NotFound;

/**
 * The sites a user works on, from the token's {@code sites} claim: a set of site ids, or every site
 * ({@value #EVERY_SITE} in the claim, for company-wide users). Another site's object is answered
 * as missing (404), exactly as a missing one is (OWASP API1: no existence oracle).
 */
public record SiteScope(boolean everySite, Set<String> sites) {

    /** The claim value for a company-wide user (head office, administrators, integrations). */
    public static final String EVERY_SITE = "*";

    public static final SiteScope NONE = new SiteScope(false, Set.of());
    public static final SiteScope EVERY = new SiteScope(true, Set.of());

    public SiteScope {
        sites = Set.copyOf(sites);
    }

    /** @param claim the claim's values as given; {@value #EVERY_SITE} among them means every site */
    public static SiteScope of(Collection<String> claim) {
        if (claim == null) {
            return NONE;
        }
        if (claim.contains(EVERY_SITE)) {
            return EVERY;
        }
        return new SiteScope(false, Set.copyOf(claim.stream().filter(s -> s != null && !s.isBlank()).map(String::strip).toList()));
    }

    /** Whether an object of {@code siteId} may be seen; an object of no site (null) only by a company-wide user. */
    public boolean includes(String siteId) {
        return everySite || (siteId != null && sites.contains(siteId));
    }

    /**
     * The answer for an object of {@code siteId} the caller asked for by id.
     *
     * @param noun what the object is called in the 404, e.g. {@code dispatch order}
     * @throws NotFound when the object is of another site: the same answer as for a missing one
     */
    public void requireVisible(String siteId, String noun, String id) {
        if (!includes(siteId)) {
            throw new NotFound(noun, id);
        }
    }

    /**
     * For a change to company-wide data (an object of no site: fee schedules, the material catalogue,
     * calendars, a new site): only a user of every site may make it. The data is readable by all, so a
     * site-scoped user is told they may not (403), not that it is missing.
     *
     * @param what what would change, for the message, e.g. {@code the fee schedule}
     * @throws Forbidden unless the caller works on every site
     */
    public void requireCompanyWide(String what) {
        if (!everySite) {
            throw new Forbidden("changing " + what + " needs a company-wide token (sites: [\"" + EVERY_SITE
                    + "\"]); yours names only some sites");
        }
    }

    /**
     * The sites a list may contain.
     *
     * @param requested the list's {@code siteId} filter, or null for all of the caller's sites
     * @return the site ids to filter on, or null when the caller sees every site and asked for no one site
     * @throws NotFound when {@code requested} is not one of the caller's sites
     */
    public List<String> listFilter(String requested) {
        if (requested != null && !requested.isBlank()) {
            requireVisible(requested, "site", requested);
            return List.of(requested);
        }
        return everySite ? null : List.copyOf(sites);
    }
}
