package doorstep.intake.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import doorstep.intake.desk.DeadlineState;
import doorstep.intake.desk.DeskEvents;
import doorstep.intake.desk.DeskFact;
import doorstep.intake.desk.DeskFold;
import doorstep.intake.desk.DeskView;
import doorstep.platform.consumer.ForeignEvents;
import doorstep.platform.events.Actor;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.persistence.AfterCommit;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * The order desk's store (D53): every event of the four services about an order, as published ({@code desk_event});
 * one list row per order, the fold of its events ({@code desk_order}); and the numbered changes the live feed
 * serves ({@code desk_change}). Plain JDBC in the caller's transaction.
 */
@ApplicationScoped
public class OrderDeskProjection {

    private static final Logger LOG = Logger.getLogger(OrderDeskProjection.class);

    /** The advisory lock that makes change numbers follow commit order (held from numbering to commit). */
    static final long CHANGE_LOCK = 0x6465736bL; // "desk"

    private static final String EVENT_COLUMNS = "event_id, service, type, schema_version, stream_id, stream_version, occurred_at, "
            + "site_id, correlation_id, causation_id, actor_id, actor_role, payload";

    @Inject
    EntityManager em;
    @Inject
    ForeignEvents foreign;
    @Inject
    Clock clock;
    @Inject
    MeterRegistry registry;
    @Inject
    TransactionSynchronizationRegistry transactions;

    /** How many orders' facts are kept between their events. */
    static final int KNOWN_ORDERS = 512;

    /** An order's facts as folded last, up to the desk row {@code lastSeq} (in {@code seq} order). */
    record Known(long lastSeq, List<DeskFact> facts) {
    }

    /**
     * The facts of recently folded orders (issue 16: a live event's cost must not grow with its order's history), so
     * an event reads and decodes only the rows after them instead of the whole order. Entries are put only once the
     * transaction that read them commits; a cache of the fold's input, never the source (the rows are).
     */
    private final Map<String, Known> known = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
            return size() > KNOWN_ORDERS;
        }
    });

    /**
     * Keeps one consumed event (in the caller's transaction): stores it, folds its order again, and numbers the change
     * for the live feed. An event the desk already has, or one not about an order, changes nothing.
     *
     * @return whether the event was new to the desk
     * @throws doorstep.platform.consumer.ContractViolation when an event the view folds is not what the desk reads
     */
    public boolean record(EventEnvelope e) {
        if (DeskEvents.NOT_ABOUT_AN_ORDER.contains(e.service() + "." + e.type())) {
            return false;
        }
        Instant now = clock.instant();
        lockOrder(e.subject());
        boolean inserted = work(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into desk_event (" + EVENT_COLUMNS + ", order_id, received_at) "
                    + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (event_id) do nothing")) {
                ps.setObject(1, e.eventId());
                ps.setString(2, e.service());
                ps.setString(3, e.type());
                ps.setInt(4, e.schemaVersion());
                ps.setString(5, e.streamId());
                ps.setLong(6, e.streamVersion());
                ps.setTimestamp(7, Timestamp.from(e.occurredAt()));
                ps.setString(8, e.siteId());
                ps.setObject(9, e.correlationId());
                ps.setObject(10, e.causationId());
                ps.setString(11, e.actor().id());
                ps.setString(12, e.actor().role());
                ps.setString(13, e.payload());
                ps.setString(14, e.subject());
                ps.setTimestamp(15, Timestamp.from(now));
                return ps.executeUpdate() == 1;
            }
        });
        if (!inserted) {
            return false;
        }
        DeskView view = refresh(e.subject(), now);
        String site = view != null && view.siteId() != null ? view.siteId() : e.siteId();
        long seq = appendChange(e, site, now);
        setChangeSeq(e.subject(), seq);
        Timer.builder("doorstep.desk.lag").description("From an event's occurrence to the desk showing it")
                .publishPercentileHistogram().register(registry).record(lag(e.occurredAt(), now));
        return true;
    }

    /** From an event's instant to now; zero for an event stamped ahead of the desk's clock (its service's clock runs ahead). */
    static Duration lag(Instant occurredAt, Instant now) {
        Duration lag = Duration.between(occurredAt, now);
        return lag.isNegative() ? Duration.ZERO : lag;
    }

    /** The order's events as published, in the order the desk received them; empty when it has none. */
    public List<EventEnvelope> events(String orderId) {
        return work(c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + EVENT_COLUMNS + ", seq from desk_event where order_id = ? order by seq")) {
                ps.setString(1, orderId);
                return envelopes(ps);
            }
        });
    }

    /** The order's events with these ids (D56: a page of its timeline), in the order the desk received them. */
    public List<EventEnvelope> events(String orderId, Collection<UUID> eventIds) {
        return work(c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + EVENT_COLUMNS + ", seq from desk_event where order_id = ? "
                    + "and event_id = any(?) order by seq")) {
                ps.setString(1, orderId);
                ps.setArray(2, c.createArrayOf("uuid", eventIds.toArray()));
                return envelopes(ps);
            }
        });
    }

    /** The envelopes a {@code select EVENT_COLUMNS, seq} query reads. */
    private static List<EventEnvelope> envelopes(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<EventEnvelope> events = new ArrayList<>();
            while (rs.next()) {
                events.add(new EventEnvelope(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getString(5), rs.getLong(6), rs.getLong(14), rs.getTimestamp(7).toInstant(), rs.getString(8),
                        rs.getObject(9, UUID.class), rs.getObject(10, UUID.class), new Actor(rs.getString(11), rs.getString(12)),
                        rs.getString(13)));
            }
            return events;
        }
    }

    /** The events as the fold reads them: each type the view folds read as its {@link DeskEvents} record, personal values revealed. */
    public List<DeskFact> facts(List<EventEnvelope> events) {
        List<DeskFact> facts = new ArrayList<>(events.size());
        for (EventEnvelope e : events) {
            Class<? extends Record> type = DeskEvents.READS.get(e.service() + "." + e.type());
            Object read = type == null ? null : foreign.read(e, type);
            facts.add(new DeskFact(e.service(), e.type(), e.eventId(), e.streamId(), e.streamVersion(), e.occurredAt(),
                    e.actor().id(), e.actor().role(), e.causationId(), read));
        }
        return facts;
    }

    /**
     * Takes the order's transaction-scoped lock. One order's events come from four consumers and the rebuild at once:
     * each folds the order with the events committed before it, so two of them must not fold it side by side (the later
     * commit would write a row without the other's event).
     */
    private void lockOrder(String orderId) {
        work(c -> {
            try (PreparedStatement lock = c.prepareStatement("select 1 from pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                lock.setString(1, orderId);
                lock.executeQuery().close();
                return null;
            }
        });
    }

    /**
     * The order's facts, in the order the desk received them: those kept from its last fold and the rows after them.
     * Called under the order's lock, which every insert of the order's events holds to its commit, so the rows after
     * the last one kept are exactly the ones new since. An erasure among them reads every row again (personal values
     * then read 已删除). What was read is kept once the transaction commits, forgotten if it rolls back.
     */
    private List<DeskFact> factsOf(String orderId) {
        Known before = known.get(orderId);
        List<EventEnvelope> rows = before == null ? events(orderId) : eventsAfter(orderId, before.lastSeq());
        if (before != null && rows.stream().anyMatch(e -> "PersonalDataErased".equals(e.type()))) {
            before = null;
            rows = events(orderId);
        }
        List<DeskFact> facts = new ArrayList<>(before == null ? rows.size() : before.facts().size() + rows.size());
        if (before != null) {
            facts.addAll(before.facts());
        }
        facts.addAll(facts(rows));
        long lastSeq = rows.isEmpty() ? (before == null ? 0 : before.lastSeq()) : rows.get(rows.size() - 1).globalPosition();
        Known after = new Known(lastSeq, List.copyOf(facts));
        known.remove(orderId); // until this transaction's outcome is known
        AfterCommit.run(transactions, () -> known.put(orderId, after));
        return facts;
    }

    /** The order's events received after the desk row {@code afterSeq}, in the order the desk received them. */
    private List<EventEnvelope> eventsAfter(String orderId, long afterSeq) {
        return work(c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + EVENT_COLUMNS + ", seq from desk_event where order_id = ? "
                    + "and seq > ? order by seq")) {
                ps.setString(1, orderId);
                ps.setLong(2, afterSeq);
                return envelopes(ps);
            }
        });
    }

    /** Folds the order again and writes its list row; returns the view (null if the order has no event). */
    DeskView refresh(String orderId, Instant now) {
        DeskView v = DeskFold.live(orderId, factsOf(orderId), now);
        if (v == null) {
            return null;
        }
        Instant nextDue = v.deadlines().stream().filter(d -> d.state() == DeadlineState.PENDING).map(DeskView.Deadline::dueAt)
                .min(Comparator.naturalOrder()).orElse(null);
        work(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into desk_order (order_id, order_number, site_id, stage, technician_id, "
                    + "technician_name, unit_label, public_area, reporter_name, content, reported_at, appointment_at, next_due_at, overdue, "
                    + "balance_fen, coordination_number, events, last_event_at, change_seq) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    + "coalesce((select max(seq) from desk_change where order_id = ?), 0)) on conflict (order_id) do update set "
                    + "order_number = excluded.order_number, site_id = excluded.site_id, stage = excluded.stage, "
                    + "technician_id = excluded.technician_id, technician_name = excluded.technician_name, unit_label = excluded.unit_label, "
                    + "public_area = excluded.public_area, reporter_name = excluded.reporter_name, content = excluded.content, "
                    + "reported_at = excluded.reported_at, appointment_at = excluded.appointment_at, next_due_at = excluded.next_due_at, "
                    + "overdue = excluded.overdue, balance_fen = excluded.balance_fen, coordination_number = excluded.coordination_number, "
                    + "events = excluded.events, last_event_at = excluded.last_event_at")) {
                ps.setString(1, v.orderId());
                ps.setString(2, v.orderNumber());
                ps.setString(3, v.siteId());
                ps.setString(4, v.stage() == null ? null : v.stage().name());
                ps.setString(5, v.technician() == null ? null : v.technician().id());
                ps.setString(6, v.technician() == null ? null : v.technician().name());
                ps.setString(7, v.location() == null ? null : v.location().unitLabel());
                ps.setString(8, v.location() == null ? null : v.location().publicArea());
                ps.setString(9, v.reporter() == null ? null : v.reporter().name());
                ps.setString(10, v.content());
                instant(ps, 11, v.reportedAt());
                instant(ps, 12, v.appointmentAt());
                instant(ps, 13, nextDue);
                ps.setBoolean(14, v.overdue());
                if (v.money() == null) {
                    ps.setNull(15, Types.BIGINT);
                } else {
                    ps.setLong(15, v.money().balanceFen());
                }
                ps.setString(16, v.coordination() == null ? null : v.coordination().number());
                ps.setInt(17, v.events());
                ps.setTimestamp(18, Timestamp.from(v.lastEventAt()));
                ps.setString(19, v.orderId());
                return ps.executeUpdate();
            }
        });
        return v;
    }

    private long appendChange(EventEnvelope e, String site, Instant now) {
        return work(c -> {
            try (PreparedStatement lock = c.prepareStatement("select 1 from pg_advisory_xact_lock(?)")) {
                lock.setLong(1, CHANGE_LOCK); // after the order's lock, in every transaction: no deadlock
                lock.executeQuery().close();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into desk_change (seq, order_id, site_id, event_id, service, type, "
                    + "occurred_at, recorded_at) select coalesce(max(seq), 0) + 1, ?, ?, ?, ?, ?, ?, ? from desk_change returning seq")) {
                ps.setString(1, e.subject());
                ps.setString(2, site);
                ps.setObject(3, e.eventId());
                ps.setString(4, e.service());
                ps.setString(5, e.type());
                ps.setTimestamp(6, Timestamp.from(e.occurredAt()));
                ps.setTimestamp(7, Timestamp.from(now));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private void setChangeSeq(String orderId, long seq) {
        work(c -> {
            try (PreparedStatement ps = c.prepareStatement("update desk_order set change_seq = ? where order_id = ?")) {
                ps.setLong(1, seq);
                ps.setString(2, orderId);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Folds each order's list row again from the desk's events, an order per transaction under the order's lock, then
     * drops rows of orders the desk holds no event of; the list stays readable throughout (the events and the feed's
     * changes stay). For a rebuild of the events themselves, replay the four topics (docs/operations.md).
     *
     * @return how many orders were folded
     */
    public long rebuild() {
        known.clear(); // a rebuild reads every order's rows anew
        List<String> orders = QuarkusTransaction.requiringNew().call(() -> work(c -> {
            try (PreparedStatement ps = c.prepareStatement("select distinct order_id from desk_event order by order_id");
                 ResultSet rs = ps.executeQuery()) {
                List<String> ids = new ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
                return ids;
            }
        }));
        Instant now = clock.instant();
        for (String order : orders) {
            QuarkusTransaction.requiringNew().run(() -> {
                lockOrder(order);
                refresh(order, now);
            });
        }
        QuarkusTransaction.requiringNew().run(() -> work(c -> {
            try (PreparedStatement ps = c.prepareStatement("delete from desk_order o where not exists "
                    + "(select 1 from desk_event e where e.order_id = o.order_id)")) {
                return ps.executeUpdate();
            }
        }));
        LOG.infof("order desk rebuilt: %d orders", orders.size());
        return orders.size();
    }

    private static void instant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setTimestamp(index, Timestamp.from(value));
        }
    }

    /** JDBC work on the transaction's connection. */
    @FunctionalInterface
    interface Work<T> {
        T on(Connection c) throws SQLException;
    }

    <T> T work(Work<T> work) {
        return em.unwrap(Session.class).doReturningWork(work::on);
    }
}
