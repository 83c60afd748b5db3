package doorstep.platform.personal;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A key custodian in memory, with the custodian's rules (a key made on first write, an erased key never
 * made again): for given/when/then tests of aggregates and catalogs, which need keys but no database. Its
 * keys die with the process, so it is never a service's custodian.
 */
public class InMemoryDataKeys implements DataKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConcurrentHashMap<String, byte[]> keys = new ConcurrentHashMap<>();
    private final Set<String> erased = ConcurrentHashMap.newKeySet();

    @Override
    public Optional<byte[]> keyForWriting(String keyId) {
        if (erased.contains(keyId)) {
            return Optional.empty();
        }
        return Optional.of(keys.computeIfAbsent(keyId, id -> {
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            return key;
        }));
    }

    @Override
    public Optional<byte[]> keyForReading(String keyId) {
        return erased.contains(keyId) ? Optional.empty() : Optional.ofNullable(keys.get(keyId));
    }

    @Override
    public boolean erase(String keyId) {
        keys.remove(keyId);
        return erased.add(keyId);
    }

    /** Whether a key exists for {@code keyId} (made, and not erased). */
    public boolean holds(String keyId) {
        return keys.containsKey(keyId);
    }
}
