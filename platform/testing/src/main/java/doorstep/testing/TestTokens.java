package doorstep.testing;

import java.time.Duration;
import java.util.List;

import doorstep.localinfra.LocalTokens;

/**
 * Bearer tokens for tests, signed by a key pair made for this test JVM; {@link DoorstepTestResource}
 * points the application under test at its public key set and issuer.
 */
public final class TestTokens {

    private static final LocalTokens ISSUER = LocalTokens.temporary();

    private TestTokens() {
    }

    /** The test JVM's issuer, for tests that build unusual tokens (expired, wrong audience...). */
    public static LocalTokens issuer() {
        return ISSUER;
    }

    /** A token for {@code user} in {@code role} on {@code sites} ({@code *}: every site), valid for an hour. */
    public static String token(String role, String user, String... sites) {
        return ISSUER.mint(user, role, sites.length == 0 ? List.of("*") : List.of(sites), Duration.ofHours(1));
    }

    /** A token holding every Doorstep role at once, company-wide (probes that must reach every operation). */
    public static String everyRole(String user) {
        java.time.Instant now = java.time.Instant.now();
        return ISSUER.sign(ISSUER.claims(user, AccessMatrix.ROLES, List.of("*"), now, now.plus(Duration.ofHours(1))).build());
    }

    /** {@code Bearer <token>}. */
    public static String bearer(String role, String user, String... sites) {
        return "Bearer " + token(role, user, sites);
    }
}
