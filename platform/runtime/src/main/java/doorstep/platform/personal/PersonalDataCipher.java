package doorstep.platform.personal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import doorstep.platform.domain.Personal;
import doorstep.platform.events.EventEnvelope;

/**
 * Encrypts and decrypts the personal fields of events (decision D48) with the JDK's AES-256-GCM: a
 * fresh 96-bit IV per value, a 128-bit tag, the key id as associated data (a value copied under another
 * order's key does not decrypt). Keys come from the {@link DataKeys} custodian and are cached for a
 * bounded time ({@code doorstep.personal-data.key-cache-ttl}); an erasure this service learns of evicts
 * the key at once ({@link #forget}).
 *
 * <p>A personal value in a payload is a <em>sealed value</em>, a JSON object in one of two shapes:
 * {@code {"keyId": "<order id>", "encrypted": "<base64 of IV and ciphertext>"}}, or
 * {@code {"keyId": "<order id>", "erased": true}} when the value was written after its key was
 * destroyed. Reading either with the key gone gives {@link Personal#ERASED}.
 */
public final class PersonalDataCipher {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataKeys keys;
    private final Cache<String, Optional<SecretKeySpec>> cache;

    /**
     * @param ttl     how long a key (or the fact that it is gone) is used without asking the custodian again
     * @param maxKeys how many keys are cached at most
     */
    public PersonalDataCipher(DataKeys keys, Duration ttl, long maxKeys) {
        this.keys = keys;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxKeys).build();
    }

    /** The custodian this cipher asks. */
    public DataKeys keys() {
        return keys;
    }

    /**
     * Seals one personal value under an order's key.
     *
     * @param keyId the order id
     * @return the sealed value; its {@code erased} form when the order's key was destroyed
     * @throws KeysUnavailable when the custodian cannot be reached
     */
    public ObjectNode seal(String keyId, String clearText) {
        ObjectNode sealed = JsonNodeFactory.instance.objectNode().put("keyId", keyId);
        Optional<SecretKeySpec> key = cache.getIfPresent(keyId);
        if (key == null || key.isEmpty()) { // a cached "none" may be a read's "not made yet": only the answer to a write is final
            key = keys.keyForWriting(keyId).map(PersonalDataCipher::aes);
            cache.put(keyId, key);
        }
        if (key.isEmpty()) {
            return sealed.put("erased", true);
        }
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] cipherText = run(Cipher.ENCRYPT_MODE, key.get(), iv, keyId, clearText.getBytes(StandardCharsets.UTF_8));
        return sealed.put("encrypted", Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + cipherText.length)
                .put(iv).put(cipherText).array()));
    }

    /**
     * The clear text of a sealed value, or {@link Personal#ERASED} when its key is gone.
     *
     * @throws IllegalArgumentException when the node is not a sealed value, or does not decrypt (tampered, or moved)
     * @throws KeysUnavailable          when the custodian cannot be reached
     */
    public String open(JsonNode sealed) {
        if (!isSealed(sealed)) {
            throw new IllegalArgumentException("not a sealed personal value");
        }
        String keyId = sealed.get("keyId").asText();
        if (!sealed.has("encrypted")) {
            return Personal.ERASED;
        }
        Optional<SecretKeySpec> key = cache.get(keyId, id -> keys.keyForReading(id).map(PersonalDataCipher::aes));
        if (key.isEmpty()) {
            return Personal.ERASED;
        }
        byte[] all;
        try {
            all = Base64.getDecoder().decode(sealed.get("encrypted").asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("personal value of " + keyId + " is not base64");
        }
        if (all.length <= IV_BYTES) {
            throw new IllegalArgumentException("personal value of " + keyId + " is too short");
        }
        byte[] iv = java.util.Arrays.copyOf(all, IV_BYTES);
        byte[] cipherText = java.util.Arrays.copyOfRange(all, IV_BYTES, all.length);
        return new String(run(Cipher.DECRYPT_MODE, key.get(), iv, keyId, cipherText), StandardCharsets.UTF_8);
    }

    /** Whether a node is a sealed value: {@code keyId} and either {@code encrypted} or {@code erased: true}, nothing else. */
    public static boolean isSealed(JsonNode node) {
        if (node == null || !node.isObject() || node.size() != 2 || !node.path("keyId").isTextual()) {
            return false;
        }
        return node.path("encrypted").isTextual() || node.path("erased").asBoolean(false);
    }

    /**
     * A copy of a JSON tree with every sealed value replaced by its clear text (or {@link Personal#ERASED}):
     * how services read events, their own and other services', and how timelines show them.
     */
    public JsonNode reveal(JsonNode tree) {
        if (isSealed(tree)) {
            return TextNode.valueOf(open(tree));
        }
        if (tree.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                copy.set(field.getKey(), reveal(field.getValue()));
            }
            return copy;
        }
        if (tree.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            tree.forEach(element -> copy.add(reveal(element)));
            return copy;
        }
        return tree;
    }

    /** An event's data as a tree, personal values revealed. */
    public JsonNode reveal(EventEnvelope event) {
        try {
            return reveal(JSON.readTree(event.payload()));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("event " + event.eventId() + " has no JSON data", e);
        }
    }

    /** Drops a key from the cache: the next use asks the custodian (after an erasure: finds it gone). */
    public void forget(String keyId) {
        cache.invalidate(keyId);
    }

    /**
     * Destroys an order's key at the custodian and forgets it here.
     *
     * @return true if this call destroyed it, false if it was gone already
     */
    public boolean erase(String keyId) {
        try {
            return keys.erase(keyId);
        } finally {
            forget(keyId);
        }
    }

    private static SecretKeySpec aes(byte[] material) {
        if (material.length != 32) {
            throw new KeysUnavailable("the key custodian gave a key of " + material.length + " bytes, not 32");
        }
        return new SecretKeySpec(material, "AES");
    }

    /**
     * One AES-GCM cipher per thread, initialised anew for every value: looking the transformation up among the
     * providers cost as much as the decryption itself (the order summary's rebuild profile, docs/benchmark.md).
     */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    });

    private static byte[] run(int mode, SecretKeySpec key, byte[] iv, String keyId, byte[] input) {
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("personal value of " + keyId + " does not decrypt with its key (tampered, or moved)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }
}
