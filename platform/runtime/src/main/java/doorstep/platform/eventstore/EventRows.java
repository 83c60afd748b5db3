package doorstep.platform.eventstore;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import doorstep.platform.events.Actor;
import doorstep.platform.events.EventEnvelope;

/**
 * Reads {@code event_store} rows with plain JDBC. Stored events never change, so they are not ORM
 * entities: no persistence context, no dirty checking at every flush, no per-row identity inserts.
 */
public final class EventRows {

    /** The columns {@link #read} expects, in its order; select them as {@code select COLUMNS from event_store …}. */
    public static final String COLUMNS = "global_position, event_id, stream_id, stream_version, event_type, schema_version, "
            + "occurred_at, site_id, correlation_id, causation_id, actor_id, actor_role, payload::text";

    /** How many columns {@link #COLUMNS} names: a query selecting more reads them from {@code COLUMN_COUNT + 1} on. */
    public static final int COLUMN_COUNT = 13;

    private EventRows() {
    }

    public static EventEnvelope read(ResultSet rs, String service) throws SQLException {
        return new EventEnvelope(
                rs.getObject(2, UUID.class), service, rs.getString(5), rs.getInt(6),
                rs.getString(3), rs.getLong(4), rs.getLong(1), rs.getTimestamp(7).toInstant(), rs.getString(8),
                rs.getObject(9, UUID.class), rs.getObject(10, UUID.class),
                new Actor(rs.getString(11), rs.getString(12)), rs.getString(13));
    }
}
