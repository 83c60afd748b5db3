package doorstep.billing.domain;

/** Why completed work is not charged to the owner. */
public enum NoChargeReason {
    /** 非有偿服务类. */
    FREE_SERVICE,
    /** 共有部位: paid from the maintenance fund (大修基金). */
    COMMON_PART,
    /** 质保期内. */
    WARRANTY
}
