package doorstep.intake.domain;

/** How the report reached the engineering department: the customer center (客户中心) or another department. */
public enum ReportChannel {
    CUSTOMER_CENTER,
    OTHER_DEPARTMENT
}
