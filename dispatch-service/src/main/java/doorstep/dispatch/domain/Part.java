package doorstep.dispatch.domain;

/** Private parts are charged to the owner; common parts are paid from the maintenance fund. */
public enum Part { PRIVATE, COMMON }
