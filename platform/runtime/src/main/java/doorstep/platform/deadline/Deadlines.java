package doorstep.platform.deadline;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * The service's pending deadlines: one row per (stream, kind) that the stream's aggregate has
 * pending, with its due time. A service's deadline projection replaces a stream's rows with what the
 * aggregate says is pending after each event, so the table is a function of the events alone: a
 * rebuild gives the same rows, and the scheduler never finds a row the aggregate does not know.
 */
@ApplicationScoped
public class Deadlines {

    @Inject
    EntityManager em;

    /**
     * Makes the stream's pending deadlines exactly {@code pending} (kind → due instant): rows of other
     * kinds are deleted, changed due times are moved.
     */
    public void replace(String streamId, String siteId, Map<String, Instant> pending) {
        Map<String, Instant> stored = pending(streamId);
        if (stored.equals(pending)) {
            return;
        }
        for (String kind : stored.keySet()) {
            if (!pending.containsKey(kind)) {
                em.createNativeQuery("delete from scheduled_deadline where stream_id = ?1 and kind = ?2")
                        .setParameter(1, streamId).setParameter(2, kind).executeUpdate();
            }
        }
        pending.forEach((kind, due) -> {
            if (!due.equals(stored.get(kind))) {
                em.createNativeQuery("insert into scheduled_deadline (stream_id, kind, site_id, due_at) values (?1, ?2, ?3, ?4) "
                                + "on conflict (stream_id, kind) do update set due_at = excluded.due_at, site_id = excluded.site_id")
                        .setParameter(1, streamId).setParameter(2, kind).setParameter(3, siteId == null ? "" : siteId)
                        .setParameter(4, due).executeUpdate();
            }
        });
    }

    /** The stream's pending deadlines, kind → due instant. */
    public Map<String, Instant> pending(String streamId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select kind, due_at from scheduled_deadline where stream_id = ?1")
                .setParameter(1, streamId).getResultList();
        Map<String, Instant> pending = new HashMap<>();
        for (Object[] row : rows) {
            pending.put((String) row[0], DeadlineScheduler.toInstant(row[1]));
        }
        return pending;
    }

    /** For the owning projection's reset. */
    public void deleteAll() {
        em.createNativeQuery("delete from scheduled_deadline").executeUpdate();
    }
}
