package doorstep.followup.projection;

import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import doorstep.followup.domain.Callback;
import doorstep.followup.domain.CallbackEvent.*;
import doorstep.followup.domain.Cadence;
import doorstep.followup.domain.CoordinationEvent.*;
import doorstep.followup.domain.CoordinationOrder;
import doorstep.followup.domain.RetentionEvent.*;
import doorstep.platform.domain.Personal;
import doorstep.platform.events.EventCatalog;
import doorstep.platform.events.EventEnvelope;
import doorstep.platform.personal.PersonalDataErased;
import doorstep.platform.projection.Projection;
import doorstep.platform.projection.ProjectionJdbc;

/**
 * The coordination board with entries and checks, the callback work list and the retention schedule.
 *
 * <p>Personal columns (an entry's contact person, contact method and opinions; a callback's comment) read
 * 已删除 once the order's personal data was erased ({@link PersonalDataErased}, D48), and the order's rows
 * say {@code personal_data_erased}. After that no event writes a clear personal value into them (another
 * replica may still hold the order's key for a while): each write of a personal column first takes the
 * order's {@code order_personal_data} row, which the erasure also takes, and writes 已删除 if it is erased.
 */
@ApplicationScoped
public class FollowupProjection implements Projection {

    @Inject
    ProjectionJdbc jdbc;
    @Inject
    EventCatalog catalog;
    @Inject
    ObjectMapper json;

    @Override
    public String name() {
        return "followup";
    }

    @Override
    public void reset() {
        for (String table : new String[] {"coordination_board", "coordination_entry", "coordination_check", "callback_task", "retention_record",
                "order_personal_data"}) {
            jdbc.update("delete from " + table);
        }
    }

    /**
     * Status, due times and counts are the aggregate's (coordination order, callback) after the event;
     * the rest is what the events record.
     */
    @Override
    public void apply(EventEnvelope env, Object aggregateAfter) {
        Object event = catalog.decode(env);
        String order = env.subject();
        if (event instanceof PersonalDataErased) {
            erase(order);
            return;
        }
        if (aggregateAfter instanceof CoordinationOrder c) {
            coordination(env, event, order, c);
        } else if (aggregateAfter instanceof Callback c) {
            callback(env, event, order, c);
        } else if (event instanceof RetentionScheduled e) {
            if (e.retainUntil() == null) {
                sql("insert into retention_record (order_id, record_kind, site_id, from_at) values (?1, ?2, ?3, ?4) on conflict do nothing",
                        order, e.recordKind().name(), env.siteId(), e.from());
            } else {
                sql("insert into retention_record (order_id, record_kind, site_id, from_at, retain_until) values (?1, ?2, ?3, ?4, ?5) "
                        + "on conflict do nothing", order, e.recordKind().name(), env.siteId(), e.from(), e.retainUntil());
            }
        } else if (event instanceof RetentionExpired e) {
            sql("update retention_record set expired_at = ?3 where order_id = ?1 and record_kind = ?2", order, e.recordKind().name(), e.at());
        }
    }

    private void coordination(EventEnvelope env, Object event, String order, CoordinationOrder c) {
        if (event instanceof CoordinationOrderOpened e) {
            sql("insert into coordination_board (order_id, coordination_number, site_id, status, conversion_rule, tracker_id, "
                            + "next_entry_due_at, check_month, opened_at, updated_at, version, seq, personal_data_erased) "
                            + "values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, ?12)",
                    order, e.coordinationNumber(), e.siteId(), c.status().name(), e.conversionRule(),
                    c.trackerId() == null ? "" : c.trackerId(), c.entryDueAt(), c.checkMonth().toString(), e.at(),
                    env.streamVersion(), env.globalPosition(), erased(order));
            return;
        }
        if (event instanceof TrackingEntryRecorded e) {
            boolean erased = erased(order);
            sql("insert into coordination_entry (order_id, entry_number, page, tracked_at, place, contact_person, contact_method, "
                            + "content, opinions, plan, recorded_by, corrects_entry, recorded_at, personal_data_erased) values "
                            + "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, nullif(?12, 0), ?13, ?14)",
                    order, e.entryNumber(), e.page(), e.trackedAt(), e.place(), personal(erased, e.contactPerson()),
                    personal(erased, e.contactMethod()), e.content(), personal(erased, e.opinions()), e.plan(), e.recordedBy(),
                    e.correctsEntry() == null ? 0 : e.correctsEntry(), e.at(), erased);
            board(env, "pages = ?2, last_entry_at = ?3, entry_overdue = false", e.page(), e.trackedAt());
        } else if (event instanceof TrackingEntryOverdue) {
            board(env, "entry_overdue = true");
        } else if (event instanceof CheckSignedOff e) {
            sql("insert into coordination_check (event_id, order_id, cadence, checker_id, comment, at) values (?1, ?2, ?3, ?4, ?5, ?6)",
                    env.eventId(), order, e.cadence().name(), e.checkerId(), e.comment() == null ? "" : e.comment(), e.at());
            board(env, e.cadence() == Cadence.LEADER_CHECK ? "leader_check_overdue = false" : "supervisor_check_overdue = false");
        } else if (event instanceof CheckOverdue e) {
            board(env, e.cadence() == Cadence.LEADER_CHECK ? "leader_check_overdue = true" : "supervisor_check_overdue = true");
        } else if (event instanceof CadenceExempted e) {
            board(env, "exemptions = exemptions || cast(?2 as jsonb)", toJson(java.util.List.of(java.util.Map.of(
                    "cadence", e.cadence().name(), "reason", e.reason(), "grantedBy", e.grantedBy(), "at", e.at().toString()))));
        } else if (event instanceof CoordinationResolved e) {
            board(env, "result = ?2, resolved_at = ?3", e.result(), e.at());
        } else if (event instanceof CoordinationArchived e) {
            board(env, "archived_at = ?2", e.at());
        }
        // what the order decided
        board(env, "status = ?2, tracker_id = ?3, entries = ?4, next_entry_due_at = ?5, check_month = ?6, leader_checks = ?7, "
                        + "supervisor_checks = ?8, archive_overdue = ?9", c.status().name(), c.trackerId() == null ? "" : c.trackerId(),
                c.entries(), c.entryDueAt(), c.checkMonth().toString(), c.leaderChecksThisMonth(), c.supervisorChecksThisMonth(),
                c.archiveOverdue());
    }

    private void callback(EventEnvelope env, Object event, String order, Callback c) {
        if (event instanceof CallbackScheduled e) {
            sql("insert into callback_task (order_id, site_id, reasons, status, scheduled_at, updated_at, version, seq, "
                            + "personal_data_erased) values (?1, ?2, cast(?3 as jsonb), ?4, ?5, ?5, ?6, ?7, ?8)",
                    order, env.siteId(), toJson(e.reasons()), c.status().name(), e.at(), env.streamVersion(), env.globalPosition(),
                    erased(order));
            return;
        }
        if (event instanceof CallbackCompleted e) {
            boolean erased = erased(order);
            if (e.comment() == null) {
                callback(env, "satisfaction = ?2, comment = null", e.satisfaction());
            } else {
                callback(env, "satisfaction = ?2, comment = ?3", e.satisfaction(), personal(erased, e.comment()));
            }
        } else if (event instanceof RepeatComplaintRaised) {
            callback(env, "repeat_complaint = true");
        }
        callback(env, "status = ?2, attempts = ?3", c.status().name(), c.attempts());
    }

    /**
     * The order's personal data is erased: every personal column of its rows reads 已删除 (NULL stays NULL),
     * every row of it says so; rows written later are written so ({@link #erased}).
     */
    private void erase(String order) {
        if (jdbc.rebuilding()) {
            erasedInRebuild().add(order);
        }
        sql("insert into order_personal_data (order_id, erased) values (?1, true) on conflict (order_id) do update set erased = true",
                order);
        sql("update coordination_board set personal_data_erased = true where order_id = ?1", order);
        sql("update coordination_entry set contact_person = ?2, contact_method = ?2, opinions = ?2, personal_data_erased = true "
                + "where order_id = ?1", order, Personal.ERASED);
        sql("update callback_task set comment = case when comment is null then null else ?2 end, personal_data_erased = true "
                + "where order_id = ?1", order, Personal.ERASED);
    }

    /**
     * Whether the order's personal data is erased, taking the order's row until the transaction ends: an erasure
     * of the order in another transaction waits for this one (and then marks what it wrote), or this one waits
     * for it (and sees it).
     */
    private boolean erased(String order) {
        if (jdbc.rebuilding()) { // the table was emptied at the rebuild's start: only what the rebuild erased is erased
            sql("insert into order_personal_data (order_id) values (?1) on conflict (order_id) do nothing", order);
            return erasedInRebuild().contains(order);
        }
        return jdbc.query("insert into order_personal_data (order_id) values (?1) "
                + "on conflict (order_id) do update set erased = order_personal_data.erased returning erased", rs -> {
                    rs.next();
                    return rs.getBoolean(1);
                }, order);
    }

    /** The orders a rebuild has erased so far. */
    private Set<String> erasedInRebuild() {
        return jdbc.rebuildState(this, HashSet::new);
    }

    /** A personal value as a read model keeps it: 已删除 once the order's personal data is erased. */
    private static String personal(boolean erased, String value) {
        return erased && value != null ? Personal.ERASED : value;
    }

    private void board(EventEnvelope env, String assignments, Object... values) {
        update("coordination_board", env, assignments, values);
    }

    private void callback(EventEnvelope env, String assignments, Object... values) {
        update("callback_task", env, assignments, values);
    }

    /** Parameters: ?1 the order, ?2… the values, then updated_at and version. */
    private void update(String table, EventEnvelope env, String assignments, Object... values) {
        Object[] all = new Object[values.length + 3];
        all[0] = env.subject();
        System.arraycopy(values, 0, all, 1, values.length);
        int n = values.length + 2;
        all[n - 1] = env.occurredAt();
        all[n] = env.streamVersion();
        sql("update " + table + " set " + assignments + ", updated_at = ?" + n + ", version = ?" + (n + 1) + " where order_id = ?1", all);
    }

    private void sql(String statement, Object... values) {
        jdbc.update(statement, values);
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
