package doorstep.platform.domain;

/**
 * A value the domain cannot accept, e.g. a malformed phone number. {@code field} names the
 * value in the domain's terms; adapters translate it to the request's field path.
 */
public class InvalidValue extends RuntimeException {

    private final String field;

    public InvalidValue(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
