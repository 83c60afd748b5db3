package doorstep.intake.forms;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import doorstep.platform.web.TimelineEntry;

/** An order's cross-service timeline (causal order) read by service and short event type; later entries win. */
final class Timeline {

    private final List<TimelineEntry> entries;

    Timeline(List<TimelineEntry> entries) {
        this.entries = entries == null ? List.of() : List.copyOf(entries);
    }

    List<TimelineEntry> all(String service, String type) {
        return entries.stream().filter(e -> service.equals(e.service()) && type.equals(e.type()) && e.data() != null).toList();
    }

    Optional<TimelineEntry> first(String service, String type) {
        return all(service, type).stream().findFirst();
    }

    Optional<TimelineEntry> last(String service, String type) {
        List<TimelineEntry> found = all(service, type);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
    }

    /** The data of the last such entry, or a missing node (whose fields all read as absent). */
    JsonNode lastData(String service, String type) {
        return last(service, type).map(TimelineEntry::data).orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
    }

    boolean has(String service, String type) {
        return last(service, type).isPresent();
    }

    int size() {
        return entries.size();
    }

    /** The instant of the latest entry (in causal order the last one need not be the latest): the form shows the order as it stood then. */
    Optional<java.time.Instant> asOf() {
        return entries.stream().map(TimelineEntry::occurredAt).filter(java.util.Objects::nonNull).max(java.util.Comparator.naturalOrder());
    }
}
