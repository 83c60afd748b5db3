package doorstep.platform.web;

/** One problem with one field of a request: {@code field} is its JSON path, e.g. {@code reporter.phone}. */
public record FieldError(String field, String message) {
}
