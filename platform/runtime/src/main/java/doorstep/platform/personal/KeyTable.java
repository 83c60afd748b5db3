package doorstep.platform.personal;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The custodian's keys in its own database (table {@code data_key}): 32 random bytes per order from
 * {@link SecureRandom}; an erased key's material is deleted and its row stays as a tombstone, so no
 * key is made again for that order. Creation commits on its own (a rolled-back command leaves an unused
 * key, never a missing one); erasure joins the caller's transaction (the key goes with the event that
 * says so, or neither does).
 */
@ApplicationScoped
@Typed(KeyTable.class) // the service's DataKeys is chosen by PersonalDataSetup
public class KeyTable implements DataKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    EntityManager em;
    @Inject
    Clock clock;

    @Override
    public Optional<byte[]> keyForWriting(String keyId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            byte[] fresh = new byte[32];
            RANDOM.nextBytes(fresh);
            em.createNativeQuery("insert into data_key (key_id, key_material, created_at) values (?1, ?2, ?3) on conflict do nothing")
                    .setParameter(1, keyId).setParameter(2, fresh).setParameter(3, Timestamp.from(clock.instant()))
                    .executeUpdate();
            return read(keyId);
        });
    }

    @Override
    public Optional<byte[]> keyForReading(String keyId) {
        return QuarkusTransaction.joiningExisting().call(() -> read(keyId));
    }

    @Override
    public boolean erase(String keyId) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Timestamp now = Timestamp.from(clock.instant());
            int erased = em.createNativeQuery("update data_key set key_material = null, erased_at = ?2 where key_id = ?1 and erased_at is null")
                    .setParameter(1, keyId).setParameter(2, now).executeUpdate();
            if (erased == 1) {
                return true;
            }
            return em.createNativeQuery("insert into data_key (key_id, key_material, created_at, erased_at) values (?1, null, ?2, ?2) "
                    + "on conflict do nothing").setParameter(1, keyId).setParameter(2, now).executeUpdate() == 1;
        });
    }

    /**
     * Reads a key without flushing the persistence context first (flush mode COMMIT): the key table is written only
     * by statements that run at once, so nothing pending can change the answer, and a native query's default flush
     * would send a rebuild page's pending entity writes one key at a time (a fifth of the order summary's rebuild:
     * docs/benchmark.md, issue 16).
     */
    private Optional<byte[]> read(String keyId) {
        @SuppressWarnings("unchecked")
        List<byte[]> rows = em.createNativeQuery("select key_material from data_key where key_id = ?1 and erased_at is null")
                .setFlushMode(FlushModeType.COMMIT)
                .setParameter(1, keyId).getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }
}
