package doorstep.followup.domain;

import static doorstep.followup.domain.CoordinationOrderTest.OPENED;
import static doorstep.followup.domain.CoordinationOrderTest.OPENED_AT;
import static doorstep.followup.domain.CoordinationOrderTest.entry;
import static doorstep.followup.domain.CoordinationOrderTest.local;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import doorstep.followup.domain.CoordinationEvent.*;
import org.junit.jupiter.api.Test;

/**
 * D58: a coordination order restored from its snapshot at any point of its history, with the rest
 * of the history folded on, is the order folded from the whole history — and decides the same.
 */
class CoordinationSnapshotTest {

    /** A history touching every field: tracker, entries, a missed week, checks, a closed month, an exemption, resolution, archive. */
    static final List<CoordinationEvent> HISTORY = List.of(
            OPENED,
            new TrackerAssigned("tech-2", "leader-1", OPENED_AT.plus(Duration.ofHours(1))),
            entry(1, OPENED_AT.plus(Duration.ofDays(1))),
            new TrackingEntryOverdue(OPENED_AT.plus(Duration.ofDays(8)), OPENED_AT.plus(Duration.ofDays(15))),
            new CadenceExempted(Cadence.SUPERVISOR_CHECK, "主管休假", "sup-1", local("2026-12-01T08:00:00")),
            new CheckSignedOff(Cadence.LEADER_CHECK, "leader-1", "a", local("2026-12-01T09:00:00")),
            entry(2, local("2026-12-10T09:00:00")),
            new CheckSignedOff(Cadence.LEADER_CHECK, "leader-1", "b", local("2026-12-31T23:00:00")),
            new CheckSignedOff(Cadence.LEADER_CHECK, "leader-1", "early", local("2027-01-01T00:00:01")),
            new CheckMonthClosed("2026-12", 2, 0, "2027-01", local("2027-02-01T00:00:00")),
            new CheckOverdue(Cadence.LEADER_CHECK, "2027-01", 2, 1, local("2027-02-01T00:00:00")),
            entry(3, local("2027-01-05T09:00:00")),
            new CoordinationResolved("已修复", "sig-owner", "sig-tech", local("2027-01-06T00:00:00"), local("2027-01-05T10:00:00")),
            new CoordinationArchiveOverdue(local("2027-01-06T00:00:00"), local("2027-01-06T00:00:00")),
            new CoordinationArchived("leader-1", local("2027-01-06T09:00:00")));

    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void restoredAtEveryPointAndFoldedOnItIsTheOrderFoldedFromTheWholeHistory() throws Exception {
        for (int cut = 0; cut <= HISTORY.size(); cut++) {
            CoordinationOrder prefix = fold(HISTORY.subList(0, cut));
            // through JSON, as the snapshot table keeps it
            CoordinationOrder.Snapshot kept = json.readValue(json.writeValueAsString(prefix.snapshot()), CoordinationOrder.Snapshot.class);
            CoordinationOrder restored = CoordinationOrder.restore(kept);
            assertThat(restored.snapshot()).as("restored at %d", cut).isEqualTo(prefix.snapshot());
            for (CoordinationEvent e : HISTORY.subList(cut, HISTORY.size())) {
                restored.apply(e);
            }
            assertThat(restored.snapshot()).as("restored at %d, folded on", cut).isEqualTo(fold(HISTORY).snapshot());
        }
    }

    @Test
    void aRestoredOrderDecidesAsTheFoldedOne() {
        List<CoordinationEvent> open = HISTORY.subList(0, 9); // before the month is closed
        CoordinationOrder folded = fold(open);
        CoordinationOrder restored = CoordinationOrder.restore(folded.snapshot());
        var at = local("2027-01-01T00:00:00");
        assertThat(restored.cadenceDue("CHECKS", at)).isEqualTo(fold(open).cadenceDue("CHECKS", at)).isNotEmpty();
        assertThat(restored.cadenceDue("WEEKLY_ENTRY", at)).isEqualTo(fold(open).cadenceDue("WEEKLY_ENTRY", at)).isNotEmpty();
        assertThat(restored.recordEntry(at, "3栋", "李四", "13900001111", "c", "o", "p", "tech-2", 1, at))
                .isEqualTo(fold(open).recordEntry(at, "3栋", "李四", "13900001111", "c", "o", "p", "tech-2", 1, at));
        assertThat(restored.pendingDeadlines()).isEqualTo(fold(open).pendingDeadlines());
    }

    /** A field added to the aggregate but not to its snapshot would be lost on restore: every field is in the snapshot. */
    @Test
    void theSnapshotHasAComponentForEveryFieldOfTheAggregate() {
        List<String> fields = Arrays.stream(CoordinationOrder.class.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers())).map(Field::getName).sorted().toList();
        List<String> components = Arrays.stream(CoordinationOrder.Snapshot.class.getRecordComponents())
                .map(c -> c.getName()).sorted().toList();
        assertThat(components).isEqualTo(fields);
    }

    private static CoordinationOrder fold(List<CoordinationEvent> events) {
        CoordinationOrder c = new CoordinationOrder();
        events.forEach(c::apply);
        return c;
    }
}
