package doorstep.platform.deadline;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import doorstep.platform.projection.ProjectionJdbc;

/**
 * The service's pending deadlines: one row per (stream, kind) that the stream's aggregate has
 * pending, with its due time. A service's deadline projection replaces a stream's rows with what the
 * aggregate says is pending after each event, so the table is a function of the events alone: a
 * rebuild gives the same rows, and the scheduler never finds a row the aggregate does not know.
 */
@ApplicationScoped
public class Deadlines {

    @Inject
    ProjectionJdbc jdbc;

    /**
     * Makes the stream's pending deadlines exactly {@code pending} (kind → due instant): rows of other
     * kinds are deleted, changed due times are moved. During a rebuild the stream's rows are known from the
     * rebuild itself (the table was emptied at its start), not read back.
     */
    public void replace(String streamId, String siteId, Map<String, Instant> pending) {
        Map<String, Map<String, Instant>> rebuilt = jdbc.rebuilding() ? jdbc.rebuildState(this, HashMap::new) : null;
        Map<String, Instant> stored = rebuilt != null ? rebuilt.getOrDefault(streamId, Map.of()) : pending(streamId);
        if (stored.equals(pending)) {
            return;
        }
        for (String kind : stored.keySet()) {
            if (!pending.containsKey(kind)) {
                jdbc.update("delete from scheduled_deadline where stream_id = ?1 and kind = ?2", streamId, kind);
            }
        }
        pending.forEach((kind, due) -> {
            if (!due.equals(stored.get(kind))) {
                jdbc.update("insert into scheduled_deadline (stream_id, kind, site_id, due_at) values (?1, ?2, ?3, ?4) "
                        + "on conflict (stream_id, kind) do update set due_at = excluded.due_at, site_id = excluded.site_id",
                        streamId, kind, siteId == null ? "" : siteId, due);
            }
        });
        if (rebuilt != null) {
            if (pending.isEmpty()) {
                rebuilt.remove(streamId);
            } else {
                rebuilt.put(streamId, Map.copyOf(pending));
            }
        }
    }

    /** The stream's pending deadlines, kind → due instant. */
    public Map<String, Instant> pending(String streamId) {
        return jdbc.query("select kind, due_at from scheduled_deadline where stream_id = ?1", rs -> {
            Map<String, Instant> pending = new HashMap<>();
            while (rs.next()) {
                pending.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant());
            }
            return pending;
        }, streamId);
    }

    /** For the owning projection's reset. */
    public void deleteAll() {
        jdbc.update("delete from scheduled_deadline");
    }
}
