package doorstep.platform.personal;

import java.time.Instant;

/**
 * An order's personal data was erased (个人信息删除): its data key is destroyed, so every personal field
 * of every event of the order, in every service's store and on every topic, reads as 已删除 from now on.
 * Holds no personal data. Every service records it on the stream {@code <order id>/personal-data}:
 * intake-service (the key custodian) when it destroys the key, each other service when it has
 * replaced the personal fields of its read models, which makes the four events together the proof
 * that the erasure reached every service (decision D48).
 *
 * @param orderId  the order (its key id)
 * @param reason   why
 * @param erasedAt when the key was destroyed (the custodian's instant, carried on by every service)
 */
public record PersonalDataErased(String orderId, Reason reason, Instant erasedAt) {

    /** Why an order's personal data was erased. */
    public enum Reason {
        /** The order's retention period ended (派工单保存期限: paid 2 years, free 1 year). */
        RETENTION_EXPIRED,
        /** The person asked (PIPL art. 47); also for coordination orders, which retention keeps for ever. */
        SUBJECT_REQUEST
    }

    /** The stream an order's erasure is recorded on, in every service. */
    public static String streamOf(String orderId) {
        return orderId + "/personal-data";
    }
}
