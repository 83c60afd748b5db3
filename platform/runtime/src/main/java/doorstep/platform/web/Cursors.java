package doorstep.platform.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.quarkus.runtime.LaunchMode;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Paging cursors that clients cannot forge: {@code <payload>.<HMAC-SHA256 tag>}, both URL-safe
 * Base64. The key is {@code doorstep.paging.cursor-key} (env {@code DOORSTEP_PAGING_CURSOR_KEY},
 * at least 32 characters), shared by a service's replicas so a cursor from one is good at the
 * other. Without it each process draws a random key: cursors are then safe but do not survive a
 * restart (the client gets a 400 and starts again from the first page).
 */
final class Cursors {

    static final String KEY_PROPERTY = "doorstep.paging.cursor-key";
    static final int MIN_KEY_LENGTH = 32;

    private static final Logger LOG = Logger.getLogger(Cursors.class);
    private static final byte[] CONTEXT = "doorstep paging cursor v1\n".getBytes(StandardCharsets.UTF_8);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Cursors() {
    }

    /** Loaded once, on first use (checked at start-up by {@link CursorKeyCheck}). */
    private static final class Key {
        static final SecretKeySpec KEY = load();

        private static SecretKeySpec load() {
            Optional<String> configured = ConfigProvider.getConfig().getOptionalValue(KEY_PROPERTY, String.class);
            if (configured.isPresent()) {
                if (configured.get().length() < MIN_KEY_LENGTH) {
                    throw new IllegalStateException(KEY_PROPERTY + " must be at least " + MIN_KEY_LENGTH + " characters");
                }
                return new SecretKeySpec(configured.get().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
            }
            if (LaunchMode.current() == LaunchMode.NORMAL) {
                LOG.warnf("%s is not set: paging cursors are signed with a key of this process only, so they fail after a "
                        + "restart or at another replica", KEY_PROPERTY);
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return new SecretKeySpec(random, "HmacSHA256");
        }
    }

    /** Makes sure the key can be loaded; throws if the configured one is unusable. */
    static void checkKey() {
        Key.KEY.getAlgorithm();
    }

    static String sign(byte[] payload) {
        return B64.encodeToString(payload) + "." + B64.encodeToString(tag(payload));
    }

    /** @return the payload, or null when the cursor is malformed or its tag is not ours */
    static byte[] verify(String cursor) {
        int dot = cursor.indexOf('.');
        if (dot < 0 || dot != cursor.lastIndexOf('.')) {
            return null;
        }
        try {
            String payloadText = cursor.substring(0, dot);
            String tagText = cursor.substring(dot + 1);
            byte[] payload = Base64.getUrlDecoder().decode(payloadText);
            byte[] tag = Base64.getUrlDecoder().decode(tagText);
            // Only the canonical spelling (Base64 tolerates other bits in a last character).
            boolean canonical = B64.encodeToString(payload).equals(payloadText) && B64.encodeToString(tag).equals(tagText);
            return canonical && MessageDigest.isEqual(tag, tag(payload)) ? payload : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] tag(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(Key.KEY);
            mac.update(CONTEXT);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
