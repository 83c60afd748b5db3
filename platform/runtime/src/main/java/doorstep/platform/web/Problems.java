package doorstep.platform.web;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** RFC 9457 problem details: {@code application/problem+json}, never a stack trace. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType PROBLEM_JSON = MediaType.valueOf(MEDIA_TYPE);

    private Problems() {
    }

    /** @param slug a short, stable problem type name, e.g. {@code validation-failed} */
    public static Map<String, Object> body(String slug, String title, int status, String detail, String instance) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "urn:problem-type:doorstep:" + slug);
        p.put("title", title);
        p.put("status", status);
        if (detail != null) {
            p.put("detail", detail);
        }
        if (instance != null) {
            p.put("instance", instance);
        }
        return p;
    }

    public static Response response(int status, Map<String, Object> body) {
        return Response.status(status).type(PROBLEM_JSON).entity(body).build();
    }
}
