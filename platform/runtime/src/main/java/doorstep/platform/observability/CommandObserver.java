package doorstep.platform.observability;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;

import doorstep.platform.web.CommandContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every command (a POST, PUT, PATCH or DELETE on a resource method) is timed in
 * {@code doorstep_commands_seconds{command, outcome}} (a histogram; command = {@code Resource.method},
 * outcome = ok (2xx), conflict (409, 412), rejected (other 4xx: invalid, forbidden, not found, throttled),
 * error (5xx)), and its log lines carry its correlation id and the order its path names ({@link LogContext}:
 * a {@code {orderId}} parameter, or {@code {id}} of an {@link OrderIdInPath} resource). A command without
 * {@code X-Correlation-Id} gets one here, so the id in the logs is the one its events record; the answer
 * repeats it in {@code X-Correlation-Id}.
 */
public class CommandObserver {

    private static final Set<String> COMMAND_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String STARTED = CommandObserver.class.getName() + ".started";
    private static final String CONTEXT = CommandObserver.class.getName() + ".context";

    @Inject
    MeterRegistry registry;

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 100)
    public void started(ContainerRequestContext request, ResourceInfo resource) {
        if (!COMMAND_METHODS.contains(request.getMethod())) {
            return;
        }
        request.setProperty(STARTED, System.nanoTime());
        String header = request.getHeaderString(CommandContext.CORRELATION_ID);
        UUID correlationId = null;
        if (header == null || header.isBlank()) {
            correlationId = UUID.randomUUID();
            request.getHeaders().putSingle(CommandContext.CORRELATION_ID, correlationId.toString());
        } else {
            try {
                correlationId = UUID.fromString(header.trim());
            } catch (IllegalArgumentException e) {
                // CommandContext refuses it with a 400 naming the header
            }
        }
        String orderId = request.getUriInfo().getPathParameters().getFirst("orderId");
        if (orderId == null && resource != null && resource.getResourceClass() != null
                && resource.getResourceClass().isAnnotationPresent(OrderIdInPath.class)) {
            orderId = request.getUriInfo().getPathParameters().getFirst("id");
        }
        request.setProperty(CONTEXT, LogContext.command(correlationId, orderId));
    }

    @ServerResponseFilter
    public void finished(ContainerRequestContext request, ContainerResponseContext response, ResourceInfo resource) {
        Object started = request.getProperty(STARTED);
        if (!(started instanceof Long start)) {
            return;
        }
        Method method = resource == null ? null : resource.getResourceMethod();
        String command = method == null ? "unmatched" : method.getDeclaringClass().getSimpleName() + "." + method.getName();
        Timer.builder("doorstep.commands")
                .description("Commands by type and outcome")
                .tag("command", command)
                .tag("outcome", outcome(response.getStatus()))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry)
                .record(Duration.ofNanos(System.nanoTime() - start));
        String correlation = request.getHeaderString(CommandContext.CORRELATION_ID);
        if (correlation != null && !response.getHeaders().containsKey(CommandContext.CORRELATION_ID)) {
            response.getHeaders().putSingle(CommandContext.CORRELATION_ID, correlation);
        }
        if (request.getProperty(CONTEXT) instanceof LogContext context) {
            context.close();
        }
    }

    /** The {@code outcome} tag of a response status. */
    static String outcome(int status) {
        if (status < 400) {
            return "ok";
        }
        if (status == 409 || status == 412) {
            return "conflict";
        }
        return status < 500 ? "rejected" : "error";
    }
}
