package doorstep.platform.web;

import java.util.List;

/** A request that cannot be accepted as it is; answered 400 with every field at fault. */
public class InvalidRequest extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidRequest(List<FieldError> errors) {
        super(errors.isEmpty() ? "invalid request" : errors.get(0).field() + ": " + errors.get(0).message());
        this.errors = List.copyOf(errors);
    }

    public static InvalidRequest of(String field, String message) {
        return new InvalidRequest(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
