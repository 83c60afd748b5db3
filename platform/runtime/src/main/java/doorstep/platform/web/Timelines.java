package doorstep.platform.web;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import doorstep.platform.eventstore.EventStore;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.personal.PersonalDataCipher;
import doorstep.platform.security.SiteScope;
import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;

/**
 * The timelines every service answers ({@code GET …/{id}/timeline}), a page at a time (D56): the events of one or
 * more of this service's streams, oldest first (by store position), as {@link TimelineEntry TimelineEntries} with
 * their personal fields revealed. A page reads only its own rows from {@code event_store}: for each stream the next
 * {@code limit + 1} events after the cursor's version of it, on the stream's {@code (stream_id, stream_version)}
 * key, never the whole stream. The cursor holds one version per stream (signed, see {@link Page}), so an event
 * committed late to one stream is still shown on a later page, never skipped.
 */
@ApplicationScoped
public class Timelines {

    /** The first part of every timeline cursor's key; the stream ids follow it. */
    static final String LIST = "timeline";

    @Inject
    EntityManager em;
    @Inject
    EventStore store;
    @Inject
    PersonalDataCipher personal;

    /**
     * One page of the timeline of a stream a user asked for by id.
     *
     * @param noun   how the object is named in a 404, e.g. {@code order}
     * @param id     its id as the user gave it (the stream id may differ from it)
     * @param cursor the previous page's {@code nextCursor}, or null for the first page
     * @param limit  the page size, already validated ({@link Page#historyLimit})
     * @throws NotFound      when the stream has no events, or its site (the last one recorded on its events) is not
     *                       one of {@code sites}: the same answer for both, as {@code EventStore.loadVisible}
     * @throws InvalidRequest naming {@code cursor} when the cursor is not one of this stream's timeline
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<TimelineEntry> visible(String streamId, SiteScope sites, String noun, String id, String cursor, int limit) {
        List<String[]> last = jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("(select site_id, 1 from event_store where stream_id = ? and site_id is not null "
                    + "order by stream_version desc limit 1) union all (select null, 2 from event_store where stream_id = ? limit 1)")) {
                ps.setString(1, streamId);
                ps.setString(2, streamId);
                List<String[]> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
                return rows;
            }
        });
        if (last.isEmpty()) {
            throw new NotFound(noun, id);
        }
        String siteId = last.stream().filter(r -> "1".equals(r[1])).map(r -> r[0]).findFirst().orElse(null);
        sites.requireVisible(siteId, noun, id);
        return page(List.of(streamId), cursor, limit);
    }

    /**
     * One page of the events of {@code streamIds} together, in store order: the caller has checked that the user may
     * see them. An empty page (no events, or none after the cursor) has no {@code nextCursor}.
     *
     * @param limit the page size, already validated ({@link Page#historyLimit})
     * @throws InvalidRequest naming {@code cursor} when the cursor is not one of the timeline of exactly these streams
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<TimelineEntry> page(List<String> streamIds, String cursor, int limit) {
        List<String> list = new ArrayList<>(streamIds.size() + 1);
        list.add(LIST);
        list.addAll(streamIds);
        String[] after = Page.decodeOf(cursor, list, streamIds.size());
        long[] versions = new long[streamIds.size()];
        for (int i = 0; i < versions.length; i++) {
            versions[i] = after == null ? 0 : Long.parseLong(after[i]); // signed by this service: a number it wrote
        }
        List<EventEnvelope> fetched = new ArrayList<>();
        for (int i = 0; i < versions.length; i++) {
            fetched.addAll(store.readStream(streamIds.get(i), versions[i], limit + 1));
        }
        fetched.sort(Comparator.comparingLong(EventEnvelope::globalPosition));
        if (fetched.size() <= limit) {
            return new Page<>(fetched.stream().map(e -> TimelineEntry.of(e, personal)).toList(), null);
        }
        List<EventEnvelope> shown = fetched.subList(0, limit);
        for (EventEnvelope e : shown) {
            versions[streamIds.indexOf(e.streamId())] = e.streamVersion();
        }
        List<String> next = new ArrayList<>(list);
        for (long v : versions) {
            next.add(Long.toString(v));
        }
        return new Page<>(shown.stream().map(e -> TimelineEntry.of(e, personal)).toList(), Page.encode(next.toArray(String[]::new)));
    }

    /** At most {@code max} events of the stream after {@code version}, oldest first: a range of its unique key. */
    /** Runs on the session's own connection (the transaction's, if any), without flushing the session. */
    private <T> T jdbc(ReturningWork<T> work) {
        return em.unwrap(Session.class).doReturningWork(work);
    }
}
