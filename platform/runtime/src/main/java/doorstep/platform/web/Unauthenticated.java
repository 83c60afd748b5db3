package doorstep.platform.web;

/** The request does not say who makes it (401). */
public class Unauthenticated extends RuntimeException {

    public Unauthenticated(String message) {
        super(message);
    }
}
