package doorstep.platform.personal;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.ObjectMapper;
import doorstep.platform.events.Actor;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.events.EventMetadata;
import doorstep.platform.eventstore.EventStore;

/**
 * Erases an order's personal data in this service (D48), in the caller's transaction: destroys its key
 * (at the custodian; idempotent), deletes the stored answers of idempotent requests that name the order
 * (they may repeat what a user sent), and records {@link PersonalDataErased}, whose projections replace
 * the personal fields of the read models with 已删除. Once per order and service: a second call changes
 * nothing.
 */
@ApplicationScoped
public class PersonalDataErasure {

    @Inject
    EventStore store;
    @Inject
    PersonalDataCipher cipher;
    @Inject
    EntityManager em;
    @Inject
    ObjectMapper json;
    @Inject
    TransactionSynchronizationRegistry transactions;

    /**
     * @param siteId   the order's site (the event's site, for site-scoped readers), or null
     * @param erasure  what to record: the order, the reason and the custodian's instant
     * @return true if this call erased, false if this service had recorded the order's erasure before
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean erase(PersonalDataErased erasure, String siteId, EventMetadata metadata) {
        String orderId = erasure.orderId();
        if (isErased(orderId)) {
            cipher.forget(orderId);
            return false;
        }
        cipher.erase(orderId);
        forgetAfterCompletion(orderId);
        deleteStoredAnswers(orderId);
        store.append(PersonalDataErased.streamOf(orderId), 0, siteId, List.of(erasure), metadata);
        return true;
    }

    /**
     * Carries the custodian's erasure into this service: reads intake's {@code PersonalDataErased} as consumed
     * and erases the order here (see {@link #erase}), in the consumer's transaction.
     *
     * @param custodianEvent intake's event; its data must name the order of its subject, a reason and an instant
     * @param siteId         the order's site (usually the event's)
     * @param service        this service, recorded as the actor of its own {@code PersonalDataErased}
     * @return true if this call erased, false if this service had done so before
     * @throws IllegalArgumentException when the event is not a readable erasure of its subject (dead-lettered;
     *                                  it holds nothing personal)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean confirm(EventEnvelope custodianEvent, String siteId, Actor service) {
        PersonalDataErased erased;
        try {
            erased = json.readValue(custodianEvent.payload(), PersonalDataErased.class);
        } catch (java.io.IOException e) {
            throw new doorstep.platform.consumer.ContractViolation("unreadable PersonalDataErased " + custodianEvent.eventId());
        }
        if (erased.orderId() == null || !erased.orderId().equals(custodianEvent.subject()) || erased.reason() == null
                || erased.erasedAt() == null) { // the record is wrong, not the moment: dead-lettered at once, with this reason
            throw new doorstep.platform.consumer.ContractViolation("PersonalDataErased " + custodianEvent.eventId()
                    + " names no order, reason or time, or another order than its subject");
        }
        return erase(erased, siteId, EventMetadata.reactingTo(custodianEvent, service));
    }

    /** Whether this service has recorded the order's erasure. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean isErased(String orderId) {
        return !store.load(PersonalDataErased.streamOf(orderId)).isEmpty();
    }

    /**
     * The key is forgotten again once the transaction is over: a read between the erasure and its commit
     * (on another thread of this replica) may have cached the key the table still held.
     */
    private void forgetAfterCompletion(String orderId) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                cipher.forget(orderId);
            }
        });
    }

    /** Stored answers name the order in their operation (path), location or body; at most a day's worth exist. */
    private void deleteStoredAnswers(String orderId) {
        em.createNativeQuery("delete from idempotent_request where strpos(operation, ?1) > 0 "
                        + "or strpos(coalesce(location, ''), ?1) > 0 or strpos(coalesce(body, ''), ?1) > 0")
                .setParameter(1, orderId).executeUpdate();
    }
}
