package doorstep.intake.application;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import doorstep.intake.projection.OrderSummary;
import doorstep.platform.domain.PhoneNumber;
import doorstep.platform.events.EventMetadata;
import doorstep.platform.personal.PersonalDataErased;
import doorstep.platform.personal.PersonalDataErasure;
import doorstep.platform.security.SiteScope;

/**
 * Erases orders' personal data at the key custodian (D48): when followup's retention of an order ends
 * (派工单保存期限), and when an administrator asks on behalf of a data subject (PIPL art. 47), found by
 * their phone number or by their unit. Each erasure destroys the order's data key, deletes stored answers
 * naming the order and records {@link PersonalDataErased}, which the other services follow. Nothing here
 * logs a phone number or a name.
 */
@ApplicationScoped
public class PersonalDataErasures {

    /** What the followup service calls a coordination order (协调单): kept for ever, never erased by retention. */
    public static final String COORDINATION_ORDER = "COORDINATION_ORDER";

    /** One order an erasure request covered; {@code erasedNow} false when it had been erased before. */
    public record ErasedOrder(String orderId, String orderNumber, String siteId, boolean erasedNow) {
    }

    /** The answer to an erasure request: the orders it covered (possibly none) and the instant it was made. */
    public record Outcome(List<ErasedOrder> erased, Instant erasedAt) {
    }

    @Inject
    PersonalDataErasure erasure;
    @Inject
    EntityManager em;
    @Inject
    Clock clock;

    /**
     * Reaction to followup's {@code RetentionExpired}: erases the order (reason RETENTION_EXPIRED, at this
     * service's clock's instant) unless it is a coordination order, which retention keeps for ever.
     *
     * @param siteId the event's site, or null: then the order's summary names it (if intake has the order)
     * @return true if this call erased the order
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean retentionExpired(String orderId, String recordKind, String siteId, EventMetadata metadata) {
        if (COORDINATION_ORDER.equals(recordKind)) {
            return false;
        }
        String site = siteId;
        if (site == null) {
            OrderSummary row = OrderSummary.findById(orderId);
            site = row == null ? null : row.siteId;
        }
        return erasure.erase(new PersonalDataErased(orderId, PersonalDataErased.Reason.RETENTION_EXPIRED, clock.instant()), site, metadata);
    }

    /**
     * A data subject's request by phone number: erases every order of the caller's sites whose current
     * reporter phone or one of whose legal owner's phones is that number (canonical forms compared; an
     * extension does not matter), coordination orders included.
     */
    @Transactional
    public Outcome byPhone(PhoneNumber phone, SiteScope sites, EventMetadata metadata) {
        String canonical = phone.canonical();
        @SuppressWarnings("unchecked")
        List<String> ids = em.createNativeQuery("select order_id from order_summary where reporter_phone = ?1 "
                        + "or exists (select 1 from jsonb_array_elements_text(coalesce(owner_phones, '[]'::jsonb)) p "
                        + "where p = ?1 or p like ?2) order by seq")
                .setParameter(1, canonical).setParameter(2, canonical + "转%").getResultList();
        return erase(ids, sites, metadata);
    }

    /** A unit owner's request: erases every order of the unit (on one of the caller's sites), coordination orders included. */
    @Transactional
    public Outcome byUnit(String unitId, SiteScope sites, EventMetadata metadata) {
        List<String> ids = OrderSummary.<OrderSummary>find("unitId = ?1 order by seq", unitId).stream().map(r -> r.orderId).toList();
        return erase(ids, sites, metadata);
    }

    private Outcome erase(List<String> orderIds, SiteScope sites, EventMetadata metadata) {
        Instant now = clock.instant();
        List<ErasedOrder> erased = new ArrayList<>();
        for (String id : orderIds) {
            OrderSummary row = OrderSummary.findById(id);
            if (row == null || !sites.includes(row.siteId)) {
                continue; // another site's order is none of the caller's business, and not mentioned
            }
            boolean erasedNow = erasure.erase(new PersonalDataErased(id, PersonalDataErased.Reason.SUBJECT_REQUEST, now), row.siteId, metadata);
            erased.add(new ErasedOrder(row.orderId, row.orderNumber, row.siteId, erasedNow));
        }
        return new Outcome(erased, now);
    }
}
