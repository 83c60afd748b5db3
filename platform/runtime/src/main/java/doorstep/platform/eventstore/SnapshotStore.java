package doorstep.platform.eventstore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * The {@code aggregate_snapshot} table: at most one snapshot per stream, the latest (D58). Reads
 * and writes run on the transaction's connection; a snapshot that no longer reads as its record
 * is ignored (and replaced by the next one taken), never an error.
 */
@ApplicationScoped
public class SnapshotStore {

    private static final Logger LOG = Logger.getLogger(SnapshotStore.class);

    /** A snapshot read back: the record, the stream version it was taken at, and the site recorded by then. */
    public record Snapshot<S>(S state, long version, String siteId) {
    }

    /**
     * The snapshots' own JSON form, fixed here rather than taken from the application's mapper (which a customiser
     * could change): ISO-8601 instants, every component written (nulls too), and a component missing from the
     * JSON or one the record no longer has makes the snapshot unreadable (so ignored), never silently null.
     */
    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    @Inject
    EntityManager em;

    /** The stream's snapshot of this shape and version, if one was taken and still reads. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public <S extends Record> Optional<Snapshot<S>> find(String streamId, Snapshots<?, S> shape) {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement ps = connection.prepareStatement("select cast(state as text), stream_version, site_id "
                    + "from aggregate_snapshot where stream_id = ? and aggregate = ? and schema_version = ?")) {
                ps.setString(1, streamId);
                ps.setString(2, shape.aggregate());
                ps.setInt(3, shape.schemaVersion());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    try {
                        return Optional.of(new Snapshot<>(JSON.readValue(rs.getString(1), shape.type()), rs.getLong(2), rs.getString(3)));
                    } catch (JsonProcessingException e) {
                        LOG.warnf("snapshot of %s at version %d does not read as %s (%s): folding from events",
                                streamId, rs.getLong(2), shape.aggregate(), e.getOriginalMessage());
                        return Optional.empty();
                    }
                }
            }
        });
    }

    /** Keeps {@code state} as the stream's snapshot unless a later one is kept already. */
    @Transactional(Transactional.TxType.MANDATORY)
    public <S extends Record> void save(String streamId, Snapshots<?, S> shape, S state, long version, String siteId) {
        String text;
        try {
            text = JSON.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("snapshot " + shape.aggregate() + " does not serialise", e);
        }
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement ps = connection.prepareStatement("insert into aggregate_snapshot (stream_id, aggregate, "
                    + "schema_version, stream_version, site_id, state) values (?, ?, ?, ?, ?, cast(? as jsonb)) "
                    + "on conflict (stream_id) do update set aggregate = excluded.aggregate, schema_version = excluded.schema_version, "
                    + "stream_version = excluded.stream_version, site_id = excluded.site_id, state = excluded.state, taken_at = now() "
                    + "where aggregate_snapshot.stream_version < excluded.stream_version "
                    + "or aggregate_snapshot.schema_version <> excluded.schema_version")) {
                ps.setString(1, streamId);
                ps.setString(2, shape.aggregate());
                ps.setInt(3, shape.schemaVersion());
                ps.setLong(4, version);
                ps.setString(5, siteId);
                ps.setString(6, text);
                ps.executeUpdate();
            }
        });
    }
}
