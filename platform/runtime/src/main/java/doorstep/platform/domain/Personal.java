package doorstep.platform.domain;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a text field of an event that holds personal information (个人信息): a name, a phone number, a
 * signature reference, a person's own words. In the event store and on Kafka it is encrypted with its
 * order's data key and reads back as {@link #ERASED} once that key has been destroyed (crypto-shredding,
 * decision D48). Only {@code String} fields may carry it; everything else of an event stays in clear.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.METHOD})
public @interface Personal {

    /** What a personal field reads as once its order's personal data was erased: 已删除 ("deleted"). */
    String ERASED = "已删除";
}
