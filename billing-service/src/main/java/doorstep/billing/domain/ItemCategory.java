package doorstep.billing.domain;

/** Service items compete under the highest-rate rule; materials are always charged on top. */
public enum ItemCategory { SERVICE, MATERIAL }
