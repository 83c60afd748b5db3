package doorstep.intake.desk;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.UUID;

/**
 * Puts an order's events from the four services in causal order, whatever order they arrived in (D53): an event
 * comes after the event that caused it ({@code causationId}) and after the events before it in its own stream;
 * among events free to come next, the earliest {@code occurredAt} first, then by service (intake, dispatch,
 * billing, followup), stream and version. The result depends only on the set of events, never on their arrival.
 */
public final class CausalOrder {

    private static final List<String> SERVICES = List.of("intake", "dispatch", "billing", "followup");

    /** Among events free to come next: earliest first; ties broken by service, stream, version, id. */
    static final Comparator<DeskFact> READY = Comparator.comparing(DeskFact::occurredAt)
            .thenComparing(f -> rank(f.service()))
            .thenComparing(DeskFact::service)
            .thenComparing(DeskFact::streamId)
            .thenComparingLong(DeskFact::streamVersion)
            .thenComparing(DeskFact::eventId);

    private CausalOrder() {
    }

    /** The events in causal order; duplicates (the same event id) are kept once. */
    public static List<DeskFact> of(List<DeskFact> events) {
        Map<UUID, DeskFact> byId = new HashMap<>();
        for (DeskFact f : events) {
            byId.putIfAbsent(f.eventId(), f);
        }
        // edges: cause -> effect, and previous version of the same stream -> next
        Map<UUID, List<DeskFact>> after = new HashMap<>();
        Map<UUID, Integer> waitingFor = new HashMap<>();
        Map<String, List<DeskFact>> streams = new HashMap<>();
        for (DeskFact f : byId.values()) {
            waitingFor.put(f.eventId(), 0);
            streams.computeIfAbsent(f.service() + "\u001f" + f.streamId(), k -> new ArrayList<>()).add(f);
        }
        for (DeskFact f : byId.values()) {
            if (f.causationId() != null && byId.containsKey(f.causationId()) && !f.causationId().equals(f.eventId())) {
                edge(after, waitingFor, byId.get(f.causationId()), f);
            }
        }
        for (List<DeskFact> stream : streams.values()) {
            stream.sort(Comparator.comparingLong(DeskFact::streamVersion).thenComparing(DeskFact::eventId));
            for (int i = 1; i < stream.size(); i++) {
                edge(after, waitingFor, stream.get(i - 1), stream.get(i));
            }
        }
        PriorityQueue<DeskFact> ready = new PriorityQueue<>(READY);
        byId.values().stream().filter(f -> waitingFor.get(f.eventId()) == 0).forEach(ready::add);
        List<DeskFact> ordered = new ArrayList<>(byId.size());
        while (!ready.isEmpty()) {
            DeskFact next = ready.poll();
            ordered.add(next);
            for (DeskFact effect : after.getOrDefault(next.eventId(), List.of())) {
                if (waitingFor.merge(effect.eventId(), -1, Integer::sum) == 0) {
                    ready.add(effect);
                }
            }
        }
        if (ordered.size() < byId.size()) { // a cycle cannot come from real events; keep every event anyway
            byId.values().stream().filter(f -> !ordered.contains(f)).sorted(READY).forEach(ordered::add);
        }
        return ordered;
    }

    private static void edge(Map<UUID, List<DeskFact>> after, Map<UUID, Integer> waitingFor, DeskFact from, DeskFact to) {
        after.computeIfAbsent(from.eventId(), k -> new ArrayList<>()).add(to);
        waitingFor.merge(to.eventId(), 1, Integer::sum);
    }

    private static int rank(String service) {
        int i = SERVICES.indexOf(service);
        return i < 0 ? SERVICES.size() : i;
    }
}
