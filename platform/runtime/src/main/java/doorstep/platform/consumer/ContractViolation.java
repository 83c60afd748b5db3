package doorstep.platform.consumer;

import doorstep.platform.events.CloudEventsKafka;

/**
 * Another service's event does not hold what the consumer's {@link ForeignEvent} record requires (a field
 * missing, null, of another type, an unknown value, or a version the consumer does not read). Not retried:
 * the record goes to the channel's dead-letter topic with this message as its {@code dead-letter-reason}.
 */
public final class ContractViolation extends CloudEventsKafka.MalformedEvent {

    public ContractViolation(String message) {
        super(message);
    }
}
