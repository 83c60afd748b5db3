package doorstep.platform.observability;

import java.util.UUID;

import doorstep.platform.events.EventEnvelope;
import org.jboss.logging.MDC;

/**
 * What every log line of a command or a reaction carries besides the trace and span ids (added by
 * OpenTelemetry): {@code correlationId} (the conversation, {@code X-Correlation-Id}), {@code orderId} (the
 * order concerned, when known) and, for a reaction, the {@code consumer}. JSON logs show them as fields;
 * the text format of the local stack prints them. Closing the context restores what was there before.
 */
public final class LogContext implements AutoCloseable {

    public static final String CORRELATION_ID = "correlationId";
    public static final String ORDER_ID = "orderId";
    public static final String CONSUMER = "consumer";

    private final Object previousCorrelation;
    private final Object previousOrder;
    private final Object previousConsumer;

    private LogContext() {
        previousCorrelation = MDC.get(CORRELATION_ID);
        previousOrder = MDC.get(ORDER_ID);
        previousConsumer = MDC.get(CONSUMER);
    }

    /** The context of a consumer applying an event: its correlation id, its order, the consumer's name. */
    public static LogContext reaction(String consumer, EventEnvelope event) {
        LogContext context = new LogContext();
        put(CORRELATION_ID, event.correlationId() == null ? null : event.correlationId().toString());
        put(ORDER_ID, EventEnvelope.subjectOf(event.streamId()));
        put(CONSUMER, consumer);
        return context;
    }

    /** The context of a command: its correlation id and, when the path names it, its order. */
    public static LogContext command(UUID correlationId, String orderId) {
        LogContext context = new LogContext();
        put(CORRELATION_ID, correlationId == null ? null : correlationId.toString());
        put(ORDER_ID, orderId);
        return context;
    }

    /** Names the order once a command knows it (a report learns its id only when it is recorded). */
    public static void order(String orderId) {
        put(ORDER_ID, orderId);
    }

    @Override
    public void close() {
        restore(CORRELATION_ID, previousCorrelation);
        restore(ORDER_ID, previousOrder);
        restore(CONSUMER, previousConsumer);
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    private static void restore(String key, Object value) {
        put(key, value == null ? null : value.toString());
    }
}
