package doorstep.platform.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One problem with one field of a request: {@code field} is its JSON path, e.g.
 * {@code reporter.phone}, or a column name for uploaded files, where {@code line} says which line.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldError(String field, String message, Integer line) {

    public FieldError(String field, String message) {
        this(field, message, null);
    }
}
