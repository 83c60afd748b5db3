package doorstep.platform.personal;

import java.util.Optional;

/**
 * The key custodian's interface: one AES-256 data key per order (key id = the order id), kept outside the
 * event store and outside Kafka. Implementations: {@link KeyTable} (the custodian's own table) and
 * {@link CustodianClient} (every other service, asking the custodian over HTTP). A Vault transit engine
 * or a cloud KMS would be a third implementation of the same three operations (decision D48).
 */
public interface DataKeys {

    /**
     * The key to encrypt an order's personal data with, created on first use.
     *
     * @return 32 key bytes, or empty when the order's personal data was erased (no key is ever made again)
     * @throws KeysUnavailable when the custodian cannot be reached
     */
    Optional<byte[]> keyForWriting(String keyId);

    /**
     * The key to decrypt with.
     *
     * @return 32 key bytes, or empty when there is none: erased (or never created, which for a value that
     *         was encrypted means the same)
     * @throws KeysUnavailable when the custodian cannot be reached
     */
    Optional<byte[]> keyForReading(String keyId);

    /**
     * Destroys the key for good; idempotent. Only the custodian destroys: elsewhere this makes sure it is gone.
     *
     * @return true if this call erased it, false if it was erased before (or this is not the custodian)
     * @throws KeysUnavailable when the custodian cannot be reached
     */
    boolean erase(String keyId);
}
