package doorstep.platform.web;

/** The request clashes with what exists, e.g. creating something twice (409). */
public class Conflict extends RuntimeException {

    public Conflict(String message) {
        super(message);
    }
}
