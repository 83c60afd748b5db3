package doorstep.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The token issuer of the local stack and the tests (never of production): an RSA key pair kept
 * in a folder ({@code <home>/jwt}: {@code signing-key.json}, private, and {@code jwks.json}, the
 * public key set the services trust), generated on first use, and bearer tokens signed with it
 * (nimbus-jose-jwt). Claims: {@code iss} {@value #ISSUER}, {@code aud} {@value #AUDIENCE},
 * {@code sub} the user id, {@code groups} the roles, {@code sites} the site ids ({@code *}: every site).
 */
public final class LocalTokens {

    public static final String ISSUER = "https://doorstep.local";
    public static final String AUDIENCE = "doorstep";

    private final RSAKey key;
    private final Path keySet;

    private LocalTokens(RSAKey key, Path keySet) {
        this.key = key;
        this.keySet = keySet;
    }

    /** The issuer whose keys live in {@code folder}, creating them on first use. */
    public static synchronized LocalTokens in(Path folder) {
        try {
            Files.createDirectories(folder);
            Path signing = folder.resolve("signing-key.json");
            Path keySet = folder.resolve("jwks.json");
            RSAKey key;
            if (Files.exists(signing)) {
                key = RSAKey.parse(Files.readString(signing));
            } else {
                key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                        .keyID(UUID.randomUUID().toString()).generate();
                Path tmp = Files.createTempFile(folder, "signing-key", ".tmp");
                restrict(tmp);
                Files.writeString(tmp, key.toJSONString());
                Files.move(tmp, signing, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            Files.writeString(keySet, new JWKSet(key.toPublicJWK()).toString());
            return new LocalTokens(key, keySet);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("the local signing key in " + folder + " cannot be used; delete the folder", e);
        }
    }

    /** A throw-away issuer in a temporary folder (tests). */
    public static LocalTokens temporary() {
        try {
            Path folder = Files.createTempDirectory("doorstep-jwt");
            folder.toFile().deleteOnExit();
            return in(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The folder holding this issuer's keys (for a stack that must trust it). */
    public Path folder() {
        return keySet.getParent();
    }

    /** The public key set (JWKS) file the services verify tokens with. */
    public Path keySetFile() {
        return keySet;
    }

    /** {@code file:} URL of {@link #keySetFile()}, for {@code DOORSTEP_JWT_JWKS_URL}. */
    public String keySetUrl() {
        return keySet.toUri().toString();
    }

    /** A token for {@code user} acting in {@code role} on {@code sites}, valid for {@code lifetime} from now. */
    public String mint(String user, String role, List<String> sites, Duration lifetime) {
        Instant now = Instant.now();
        return sign(claims(user, List.of(role), sites, now, now.plus(lifetime)).build());
    }

    /** The usual claims, for tests that change one of them. */
    public JWTClaimsSet.Builder claims(String user, List<String> roles, List<String> sites, Instant issuedAt, Instant expiresAt) {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER).audience(AUDIENCE).subject(user)
                .claim("groups", roles).claim("sites", sites)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(issuedAt)).notBeforeTime(Date.from(issuedAt)).expirationTime(Date.from(expiresAt));
    }

    /** Signs {@code claims} with this issuer's key (RS256). */
    public String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Owner-only on a POSIX file system; elsewhere the folder's own permissions apply. */
    private static void restrict(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /**
     * Prints a token for the local stack: {@code --role agent [--user agent-1] [--sites site-1,site-2|*] [--hours 12]}.
     * The keys are in {@code DOORSTEP_LOCAL_HOME} (default {@code <root>/.doorstep}) under {@code jwt}.
     *
     * @param args the options above; the first non-option argument is the repository's root
     */
    public static void main(String[] args) {
        String role = null;
        String user = null;
        String sites = "*";
        long hours = 12;
        Path root = Path.of(".");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--role" -> { role = value; i++; }
                case "--user" -> { user = value; i++; }
                case "--sites" -> { sites = value; i++; }
                case "--hours" -> { hours = Long.parseLong(value); i++; }
                default -> root = Path.of(a);
            }
        }
        List<String> roles = List.of("agent", "technician", "team-leader", "supervisor", "warehouse", "admin");
        if (role == null || role.isBlank() || !roles.contains(role)) {
            throw new IllegalArgumentException("name a role with -Drole=<" + String.join("|", roles) + ">");
        }
        Path home = Path.of(System.getenv().getOrDefault("DOORSTEP_LOCAL_HOME", root.resolve(".doorstep").toString()));
        List<String> siteList = sites == null || sites.isBlank() ? List.of("*")
                : List.of(sites.split(",")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        String subject = user == null || user.isBlank() ? role + "-1" : user;
        System.out.println(in(home.resolve("jwt")).mint(subject, role, siteList, Duration.ofHours(hours)));
    }
}
