package doorstep.platform.domain;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an event field that may be null. Unmarked fields of events are always present, which the
 * published JSON Schemas state (fields are non-null unless marked).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.METHOD})
public @interface Nullable {

    /**
     * The field was added to an event type that was already published: events written before lack
     * it (readers see null), so its schema does not require it.
     */
    boolean absentInOlderEvents() default false;
}
