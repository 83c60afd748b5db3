package doorstep.platform.observability;

import java.util.HashMap;
import java.util.Map;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;

/**
 * The W3C trace context ({@code traceparent}) of the work in progress: a REST command, a consumer's
 * reaction or a deadline. The event store records it with each event; the outbox relay writes it into the
 * Kafka record's headers, where every consumer's messaging connector picks it up, so one trace follows an
 * order from intake through dispatch, billing and followup.
 */
public final class TraceContext {

    /** The Kafka header (and W3C HTTP header) carrying the trace context. */
    public static final String TRACEPARENT = "traceparent";

    private TraceContext() {
    }

    /** @return {@code 00-<trace id>-<span id>-<flags>} of the current span, or null when no valid span is current */
    public static String currentTraceparent() {
        Map<String, String> carrier = new HashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }
}
