package doorstep.platform.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

/**
 * Projections' writes as plain JDBC on the transaction's connection (decision D57), without Hibernate's
 * native-query layer. Statements take JPA-style positional parameters ({@code ?1}, {@code ?2}, a number may
 * repeat); values are bound as the driver binds them, an {@link Instant} as a UTC timestamp, an enum by its
 * name, {@code null} untyped (PostgreSQL takes the column's type).
 *
 * <p>Live (inside a command's or a consumer's transaction) every statement runs at once. During a rebuild
 * ({@link ProjectionRebuilder}) the statements of a page of events are collected instead and sent at the end
 * of the page as JDBC batches: statements about the same subject (the order an event is about, see
 * {@link #about}) run in the order they were written, statements about different subjects may run in any
 * order (a projection's rows of one order never depend on another order's), so each batch is every waiting
 * statement with the same SQL at the head of its subject's queue. A query ({@link #query}) sends what is
 * waiting first. What a projection must know of its own rows mid-apply during a rebuild it keeps in
 * {@link #rebuildState} rather than reading them back.
 */
@ApplicationScoped
public class ProjectionJdbc {

    private static final ThreadLocal<Page> PAGE = new ThreadLocal<>();
    private static final Map<String, Sql> PARSED = new ConcurrentHashMap<>();

    @Inject
    EntityManager em;

    /** Reads a result set; may throw. */
    public interface Rows<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /**
     * Runs (live) or queues (rebuild) one statement.
     *
     * @param values the values of {@code ?1}, {@code ?2}, … in order
     */
    public void update(String sql, Object... values) {
        run(sql, false, values);
    }

    /**
     * As {@link #update}, for a statement that must change exactly one row.
     *
     * @throws IllegalStateException when it changed none or several (live at once; in a rebuild when the page is sent)
     */
    public void updateOne(String sql, Object... values) {
        run(sql, true, values);
    }

    /** Runs a query at once (in a rebuild after sending what is waiting) and reads its rows. */
    public <T> T query(String sql, Rows<T> rows, Object... values) {
        Page page = PAGE.get();
        return jdbc(c -> {
            if (page != null) {
                page.send(c);
            }
            Sql parsed = parse(sql);
            try (PreparedStatement ps = c.prepareStatement(parsed.jdbc())) {
                parsed.bind(ps, values);
                try (ResultSet rs = ps.executeQuery()) {
                    return rows.read(rs);
                }
            }
        });
    }

    /** Whether this thread is replaying events into a projection being rebuilt. */
    public boolean rebuilding() {
        return PAGE.get() != null;
    }

    /**
     * State a projection keeps for the length of one rebuild (what it would otherwise read back from its own
     * rows), made on first use by {@code initial}.
     *
     * @throws IllegalStateException outside a rebuild
     */
    @SuppressWarnings("unchecked")
    public <T> T rebuildState(Object owner, Supplier<T> initial) {
        Page page = PAGE.get();
        if (page == null) {
            throw new IllegalStateException("no rebuild on this thread");
        }
        return (T) page.state.computeIfAbsent(owner, k -> initial.get());
    }

    private void run(String sql, boolean exactlyOne, Object[] values) {
        Page page = PAGE.get();
        if (page != null) {
            page.queue(parse(sql), exactlyOne, values);
            return;
        }
        Sql parsed = parse(sql);
        int changed = jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement(parsed.jdbc())) {
                parsed.bind(ps, values);
                return ps.executeUpdate();
            }
        });
        if (exactlyOne && changed != 1) {
            throw new IllegalStateException(changed + " rows changed, not 1, by: " + sql + " with " + (values.length == 0 ? "" : values[values.length - 1]));
        }
    }

    /** Starts collecting this thread's statements (one rebuild). */
    Page collect() {
        if (PAGE.get() != null) {
            throw new IllegalStateException("a rebuild is already collecting on this thread");
        }
        Page page = new Page();
        PAGE.set(page);
        return page;
    }

    private <T> T jdbc(org.hibernate.jdbc.ReturningWork<T> work) {
        return em.unwrap(Session.class).doReturningWork(work);
    }

    /** One rebuild's statements waiting to be sent, and its projection's state. */
    final class Page implements AutoCloseable {

        private record Statement(long seq, Sql sql, boolean exactlyOne, Object[] values) {
        }

        private final Map<String, ArrayDeque<Statement>> bySubject = new LinkedHashMap<>();
        private final Map<Object, Object> state = new HashMap<>();
        private String subject = "";
        private long seq;
        private int waiting;

        /** The subject the next statements are about (the event's order). */
        void about(String subject) {
            this.subject = subject;
        }

        private void queue(Sql sql, boolean exactlyOne, Object[] values) {
            bySubject.computeIfAbsent(subject, k -> new ArrayDeque<>()).add(new Statement(seq++, sql, exactlyOne, values.clone()));
            waiting++;
        }

        /** Sends every waiting statement in batches (see the class comment). */
        void send() {
            if (waiting > 0) {
                jdbc(c -> {
                    send(c);
                    return null;
                });
            }
        }

        private void send(Connection c) throws SQLException {
            Map<String, PreparedStatement> prepared = new HashMap<>();
            try {
                while (waiting > 0) {
                    Sql next = null;
                    long oldest = Long.MAX_VALUE;
                    for (ArrayDeque<Statement> q : bySubject.values()) {
                        if (!q.isEmpty() && q.peek().seq() < oldest) {
                            oldest = q.peek().seq();
                            next = q.peek().sql();
                        }
                    }
                    PreparedStatement ps = prepared.get(next.jdbc());
                    if (ps == null) {
                        ps = c.prepareStatement(next.jdbc());
                        prepared.put(next.jdbc(), ps);
                    }
                    List<Statement> batch = new ArrayList<>();
                    for (ArrayDeque<Statement> q : bySubject.values()) {
                        while (!q.isEmpty() && q.peek().sql() == next) {
                            Statement s = q.poll();
                            s.sql().bind(ps, s.values());
                            ps.addBatch();
                            batch.add(s);
                        }
                    }
                    waiting -= batch.size();
                    int[] changed = ps.executeBatch();
                    for (int i = 0; i < changed.length; i++) {
                        if (batch.get(i).exactlyOne() && changed[i] != 1) {
                            Object[] v = batch.get(i).values();
                            throw new IllegalStateException(changed[i] + " rows changed, not 1, by: " + next.jdbc() + " with " + v[v.length - 1]);
                        }
                    }
                }
                bySubject.clear();
            } finally {
                for (PreparedStatement ps : prepared.values()) {
                    ps.close();
                }
            }
        }

        @Override
        public void close() {
            PAGE.remove();
        }
    }

    private static Sql parse(String sql) {
        return PARSED.computeIfAbsent(sql, Sql::of);
    }

    /** A statement with JPA-style parameters, as JDBC takes it: its text with plain {@code ?} and which value each binds. */
    private record Sql(String jdbc, int[] order) {

        static Sql of(String jpa) {
            StringBuilder out = new StringBuilder(jpa.length());
            List<Integer> order = new ArrayList<>();
            boolean quoted = false;
            for (int i = 0; i < jpa.length(); i++) {
                char ch = jpa.charAt(i);
                if (ch == '\'') {
                    quoted = !quoted;
                }
                if (ch == '?' && !quoted && i + 1 < jpa.length() && Character.isDigit(jpa.charAt(i + 1))) {
                    int j = i + 1;
                    while (j < jpa.length() && Character.isDigit(jpa.charAt(j))) {
                        j++;
                    }
                    order.add(Integer.parseInt(jpa.substring(i + 1, j)) - 1);
                    out.append('?');
                    i = j - 1;
                } else {
                    out.append(ch);
                }
            }
            return new Sql(out.toString(), order.stream().mapToInt(Integer::intValue).toArray());
        }

        void bind(PreparedStatement ps, Object[] values) throws SQLException {
            for (int p = 0; p < order.length; p++) {
                Object v = values[order[p]];
                if (v instanceof Instant instant) {
                    v = instant.atOffset(ZoneOffset.UTC);
                } else if (v instanceof Enum<?> e) {
                    v = e.name();
                }
                ps.setObject(p + 1, v);
            }
        }
    }
}
