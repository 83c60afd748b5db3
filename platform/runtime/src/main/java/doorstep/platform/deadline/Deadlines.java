package doorstep.platform.deadline;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * The service's stored deadlines. A service's deadline projection sets and closes them from its
 * events, so the pending set is rebuilt like any read model and nothing fires twice.
 */
@ApplicationScoped
public class Deadlines {

    public static final String PENDING = "PENDING";
    public static final String FIRED = "FIRED";
    public static final String CLOSED = "CLOSED";

    @Inject
    EntityManager em;

    /** Sets (or moves) the deadline and makes it pending again. */
    public void schedule(String streamId, String kind, String siteId, Instant dueAt) {
        em.createNativeQuery("insert into scheduled_deadline (stream_id, kind, site_id, due_at, status) values (?1, ?2, ?3, ?4, 'PENDING') "
                        + "on conflict (stream_id, kind) do update set due_at = excluded.due_at, status = 'PENDING', closed_at = null")
                .setParameter(1, streamId).setParameter(2, kind).setParameter(3, siteId == null ? "" : siteId).setParameter(4, dueAt)
                .executeUpdate();
    }

    /** Settles a pending deadline: FIRED by the event its firing produced, CLOSED by anything else. */
    public void close(String streamId, String kind, String status, Instant at) {
        em.createNativeQuery("update scheduled_deadline set status = ?3, closed_at = ?4 where stream_id = ?1 and kind = ?2 and status = 'PENDING'")
                .setParameter(1, streamId).setParameter(2, kind).setParameter(3, status).setParameter(4, at)
                .executeUpdate();
    }

    public void closeAll(String streamId, Instant at) {
        em.createNativeQuery("update scheduled_deadline set status = 'CLOSED', closed_at = ?2 where stream_id = ?1 and status = 'PENDING'")
                .setParameter(1, streamId).setParameter(2, at).executeUpdate();
    }

    /** For the owning projection's reset. */
    public void deleteAll() {
        em.createNativeQuery("delete from scheduled_deadline").executeUpdate();
    }

    public String status(String streamId, String kind) {
        var rows = em.createNativeQuery("select status from scheduled_deadline where stream_id = ?1 and kind = ?2")
                .setParameter(1, streamId).setParameter(2, kind).getResultList();
        return rows.isEmpty() ? null : (String) rows.get(0);
    }
}
