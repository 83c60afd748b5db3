package doorstep.platform.observability;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a REST resource class: its {@code {id}} path parameter is an order id, which the log lines of its commands
 * then carry as {@code orderId} ({@link CommandObserver}). A {@code {orderId}} parameter is taken anywhere.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OrderIdInPath {
}
