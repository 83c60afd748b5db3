package doorstep.platform.web;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Checks every text of every request body once it is read, before any resource sees it: each
 * string of a JSON body (record components, list elements, map keys and values, at any depth)
 * must be acceptable {@link Text} — one line unless the field is {@link MultiLine} — and a text
 * body (CSV) must be acceptable multi-line text. Refused → 400 naming each field by its JSON path
 * (e.g. {@code reporter.name}, {@code items[2].code}; {@code $} and the line for a text body).
 *
 * <p>It runs on the body, not inside Jackson: the same ObjectMapper reads stored and consumed
 * events, which must stay readable whatever they hold.
 */
@Provider
public class BodyTextCheck implements ReaderInterceptor {

    @Inject
    ObjectMapper json;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Object body = context.proceed();
        List<FieldError> errors = new ArrayList<>();
        if (body instanceof String text) {
            int at = Text.firstUnacceptable(text, true);
            if (at >= 0) {
                errors.add(new FieldError("$", Text.problem(text, true), Text.lineOf(text, at)));
            }
        } else {
            check(body, "", false, errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequest(errors);
        }
        return body;
    }

    private void check(Object value, String path, boolean multiLine, List<FieldError> errors) {
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof Enum<?>
                || value.getClass().getName().startsWith("java.time.")) {
            return;
        }
        if (value instanceof String s) {
            String problem = Text.problem(s, multiLine);
            if (problem != null) {
                errors.add(new FieldError(path.isEmpty() ? "$" : path, problem));
            }
        } else if (value instanceof Record record) {
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                JsonProperty renamed = c.getAnnotation(JsonProperty.class);
                String name = renamed != null && !renamed.value().isEmpty() ? renamed.value() : c.getName();
                check(read(c, record), child(path, name), c.isAnnotationPresent(MultiLine.class), errors);
            }
        } else if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                check(item, path + "[" + i++ + "]", multiLine, errors);
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                String keyProblem = Text.problem(key, false);
                if (keyProblem != null) {
                    errors.add(new FieldError(path.isEmpty() ? "$" : path, "has a key that is not allowed: it " + keyProblem));
                } else {
                    check(e.getValue(), child(path, key), multiLine, errors);
                }
            }
        } else if (value instanceof JsonNode node) {
            checkTree(node, path, multiLine, errors);
        } else {
            // Any other bean: as Jackson sees it.
            checkTree(json.valueToTree(value), path, multiLine, errors);
        }
    }

    private void checkTree(JsonNode node, String path, boolean multiLine, List<FieldError> errors) {
        if (node.isTextual()) {
            check(node.textValue(), path, multiLine, errors);
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkTree(node.get(i), path + "[" + i + "]", multiLine, errors);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String keyProblem = Text.problem(e.getKey(), false);
                if (keyProblem != null) {
                    errors.add(new FieldError(path.isEmpty() ? "$" : path, "has a key that is not allowed: it " + keyProblem));
                } else {
                    checkTree(e.getValue(), child(path, e.getKey()), multiLine, errors);
                }
            }
        }
    }

    private static Object read(RecordComponent c, Record record) {
        try {
            c.getAccessor().setAccessible(true);
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c, e);
        }
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
