package doorstep.platform.consumer;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a consumer's record of another service's event: only the fields the consumer uses, each one required
 * (present, and non-null unless the component is {@link doorstep.platform.domain.Nullable}), read by
 * {@link ForeignEvents}. The producer's published schema is the contract; each service's build checks its
 * records against it ({@code doorstep.testing.ForeignEventContract}, decision D50).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ForeignEvent {

    /** The producing service, e.g. {@code dispatch}. */
    String service();

    /** The event name, e.g. {@code WorkCompleted}; the record's simple name when empty. */
    String type() default "";

    /** The versions of the event this record reads (each one's schema has every field it holds). */
    int[] versions() default {1};
}
