package doorstep.platform.web;

/** The addressed resource does not exist (404). */
public class NotFound extends RuntimeException {

    public NotFound(String what, String id) {
        super(what + " " + id + " does not exist");
    }
}
