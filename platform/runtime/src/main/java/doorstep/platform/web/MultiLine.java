package doorstep.platform.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a text field of a request body that may hold several lines (tab, {@code \n}, {@code \r}):
 * contents, notes, comments, reasons. Every other text field is one line (see {@link Text}). On a
 * list of strings it applies to each element.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface MultiLine {
}
