package doorstep.dispatch.domain;

/** In a unit (户内) or in a public area (公共区域): decides the conversion deadline. */
public enum LocationKind { IN_UNIT, PUBLIC_AREA }
