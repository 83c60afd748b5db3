package doorstep.platform.web;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Checks every query and path parameter of every request before the resource method is called:
 * each value must be one line of acceptable {@link Text}, and a parameter the method takes as a
 * number or a boolean must be one — a whole number within its type's range, {@code true} or
 * {@code false}; a {@code cursor} must be one this service signed (see {@link Page}), checked
 * here so that no other check of the request answers first. Refused → 400 naming the parameter.
 * Without this check JAX-RS answers a query parameter it cannot convert with 404, and a boolean it
 * cannot read silently becomes false.
 */
public class ParameterCheck {

    private enum Kind {
        INT(BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE)),
        LONG(BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE)),
        SHORT(BigInteger.valueOf(Short.MIN_VALUE), BigInteger.valueOf(Short.MAX_VALUE)),
        BOOLEAN(null, null),
        OTHER(null, null);

        final BigInteger min;
        final BigInteger max;

        Kind(BigInteger min, BigInteger max) {
            this.min = min;
            this.max = max;
        }

        static Kind of(Class<?> type) {
            if (type == Integer.class || type == int.class) {
                return INT;
            }
            if (type == Long.class || type == long.class) {
                return LONG;
            }
            if (type == Short.class || type == short.class) {
                return SHORT;
            }
            if (type == Boolean.class || type == boolean.class) {
                return BOOLEAN;
            }
            return OTHER;
        }
    }

    /** The typed parameters of a resource method: query and path names to their kind. */
    private record Declared(Map<String, Kind> query, Map<String, Kind> path) {
    }

    private final Map<Method, Declared> declared = new ConcurrentHashMap<>();

    @ServerRequestFilter
    public void check(UriInfo uri, ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        Declared types = method == null ? new Declared(Map.of(), Map.of()) : declared.computeIfAbsent(method, ParameterCheck::declared);
        List<FieldError> errors = new ArrayList<>();
        check(uri.getPathParameters(), types.path(), errors);
        check(uri.getQueryParameters(), types.query(), errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequest(errors);
        }
    }

    private static void check(MultivaluedMap<String, String> parameters, Map<String, Kind> kinds, List<FieldError> errors) {
        for (Map.Entry<String, List<String>> p : parameters.entrySet()) {
            String name = p.getKey();
            String nameProblem = Text.problem(name, false);
            if (nameProblem != null) {
                errors.add(new FieldError("$", "a parameter name is not allowed: it " + nameProblem));
                continue;
            }
            for (String value : p.getValue()) {
                String problem = Text.problem(value, false);
                if (problem == null) {
                    problem = typeProblem(value, kinds.getOrDefault(name, Kind.OTHER));
                }
                if (problem == null && name.equals(Page.CURSOR) && !value.isBlank() && Cursors.verify(value) == null) {
                    problem = Page.NOT_A_CURSOR;
                }
                if (problem != null) {
                    errors.add(new FieldError(name, problem));
                    break;
                }
            }
        }
    }

    private static String typeProblem(String value, Kind kind) {
        switch (kind) {
            case BOOLEAN:
                return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false") ? null : "must be true or false";
            case INT, LONG, SHORT:
                BigInteger n;
                try {
                    n = new BigInteger(value);
                } catch (NumberFormatException e) {
                    return "must be a whole number";
                }
                if (n.compareTo(kind.max) > 0) {
                    return "is too large";
                }
                if (n.compareTo(kind.min) < 0) {
                    return "is too small";
                }
                return null;
            default:
                return null;
        }
    }

    private static Declared declared(Method method) {
        Map<String, Kind> query = new HashMap<>();
        Map<String, Kind> path = new HashMap<>();
        for (Parameter p : method.getParameters()) {
            QueryParam q = p.getAnnotation(QueryParam.class);
            if (q != null) {
                query.put(q.value(), Kind.of(p.getType()));
            }
            PathParam pp = p.getAnnotation(PathParam.class);
            if (pp != null) {
                path.put(pp.value(), Kind.of(p.getType()));
            }
        }
        return new Declared(Map.copyOf(query), Map.copyOf(path));
    }
}
