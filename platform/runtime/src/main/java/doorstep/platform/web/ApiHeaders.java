package doorstep.platform.web;

import java.util.Arrays;
import java.util.List;

/**
 * The headers an operation reads or sets besides its body, declared once on the resource method for
 * the OpenAPI document (D54): {@code @Extension(name = ApiHeaders.EXTENSION, value = ApiHeaders.COMMAND)}.
 * Commands read them from {@code HttpHeaders} ({@link CommandContext}), so without this declaration a
 * generated client could not send them. {@link ApiDocumentFilter} turns the value (header names
 * separated by spaces) into header parameters ({@code X-Correlation-Id}, {@code Idempotency-Key},
 * {@code If-Match}) and into response headers of the successful answers ({@code ETag}, {@code Location};
 * {@code X-Correlation-Id}, which every command's answer repeats), and removes the extension.
 */
public final class ApiHeaders {

    /** The operation extension that carries the header names. */
    public static final String EXTENSION = "x-doorstep-headers";

    public static final String CORRELATION_ID = CommandContext.CORRELATION_ID;
    public static final String IDEMPOTENCY_KEY = CommandContext.IDEMPOTENCY_KEY;
    public static final String IF_MATCH = "If-Match";
    public static final String ETAG = "ETag";
    public static final String LOCATION_HEADER = "Location";

    /** A command on an existing aggregate through {@link IdempotentCommands}: retried safely, optimistic, answers the new version. */
    public static final String COMMAND = "X-Correlation-Id Idempotency-Key If-Match ETag";
    /** A command that creates an aggregate (201 with {@code Location}): retried safely, answers the first version. */
    public static final String CREATING_COMMAND = "X-Correlation-Id Idempotency-Key ETag Location";
    /** A command that creates the aggregate (201 with {@code Location}) or changes it (200, {@code If-Match} honoured). */
    public static final String CREATING_OR_CHANGING_COMMAND = "X-Correlation-Id Idempotency-Key If-Match ETag Location";
    /** A command on a registry row (not event-sourced): no stored answer for a retry, no version. */
    public static final String REGISTRY_COMMAND = "X-Correlation-Id";
    /** A registry row created (201 with {@code Location}). */
    public static final String REGISTRY_CREATION = "X-Correlation-Id Location";
    /** A read that answers the resource's version as {@code ETag}, to be sent back as {@code If-Match}. */
    public static final String VERSIONED_READ = "ETag";
    /** An operation that answers {@code Location} only (e.g. 202 with the status resource to poll). */
    public static final String LOCATION = "Location";

    private ApiHeaders() {
    }

    /** @return the header names of an extension value */
    public static List<String> names(String value) {
        return value == null || value.isBlank() ? List.of() : Arrays.asList(value.trim().split("\\s+"));
    }
}
