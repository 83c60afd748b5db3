package doorstep.followup.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Which archived dispatch orders get a callback (根据情况对部分派工单进行电话回访): every paid order,
 * every low rating, and a share of the rest. The share is chosen from the order id, so the same
 * order is always chosen the same way (replays give the same work list).
 */
public record CallbackPolicy(boolean everyPaidOrder, int lowRatingAtOrBelow, int shareOfRestPercent) {

    public enum Reason { PAID, LOW_RATING, SAMPLED }

    public CallbackPolicy {
        if (shareOfRestPercent < 0 || shareOfRestPercent > 100) {
            throw new IllegalArgumentException("share must be 0-100 %");
        }
    }

    /** @return why to call back; empty: no callback */
    public List<Reason> reasons(String orderId, boolean paid, Integer rating) {
        List<Reason> reasons = new ArrayList<>();
        if (paid && everyPaidOrder) {
            reasons.add(Reason.PAID);
        }
        if (rating != null && rating <= lowRatingAtOrBelow) {
            reasons.add(Reason.LOW_RATING);
        }
        if (reasons.isEmpty() && Math.floorMod(orderId.hashCode(), 100) < shareOfRestPercent) {
            reasons.add(Reason.SAMPLED);
        }
        return reasons;
    }
}
