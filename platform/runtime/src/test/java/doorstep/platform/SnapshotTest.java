package doorstep.platform;

import static doorstep.platform.PlatformTestSupport.metadata;
import static doorstep.platform.PlatformTestSupport.newStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalLong;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import doorstep.platform.domain.Personal;
import doorstep.platform.eventstore.AggregateStore;
import doorstep.platform.eventstore.Rehydrated;
import doorstep.platform.eventstore.Snapshots;
import doorstep.platform.testapp.CounterIncremented;
import doorstep.platform.testapp.TestApp.Counter;
import doorstep.testing.DoorstepTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** D58: a snapshot is a cache of the fold — taken as commands cross its interval, read when it fits, never needed. */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "platformtest"))
class SnapshotTest {

    @Inject
    AggregateStore<Counter, CounterIncremented> counters;
    @Inject
    EntityManager em;

    @Test
    void aCommandCrossingTheIntervalKeepsASnapshotAndALoadFoldsOnlyTheEventsAfterIt() {
        String stream = newStream();
        incrementTimes(stream, 10); // 1 + 2 + … + 10; snapshots after versions 3, 6 and 9

        assertThat(snapshotVersion(stream)).isEqualTo(9);
        Rehydrated<Counter> loaded = load(stream);
        assertThat(loaded.version()).isEqualTo(10);
        assertThat(loaded.aggregate().total()).isEqualTo(55);
        assertThat(loaded.siteId()).isEqualTo("site-a");

        // The load really starts from the snapshot: a snapshot that says otherwise shows through.
        execute("update aggregate_snapshot set state = cast('{\"total\": 1000}' as jsonb) where stream_id = '" + stream + "'");
        assertThat(load(stream).aggregate().total()).isEqualTo(1000 + 10);
    }

    @Test
    void withoutItsSnapshotOrWithOneOfAnotherShapeAStreamFoldsTheSameFromItsEvents() {
        String stream = newStream();
        incrementTimes(stream, 7);
        long fromSnapshot = load(stream).aggregate().total();

        execute("update aggregate_snapshot set schema_version = 99, state = cast('{\"total\": 1000}' as jsonb) where stream_id = '" + stream + "'");
        assertThat(load(stream).aggregate().total()).isEqualTo(fromSnapshot).isEqualTo(28);

        execute("update aggregate_snapshot set schema_version = 1, state = cast('{\"total\": \"not a number\"}' as jsonb) where stream_id = '" + stream + "'");
        assertThat(load(stream).aggregate().total()).isEqualTo(28);

        execute("update aggregate_snapshot set state = cast('{}' as jsonb) where stream_id = '" + stream + "'"); // a component missing
        assertThat(load(stream).aggregate().total()).isEqualTo(28);

        execute("update aggregate_snapshot set state = cast('{\"total\": -1}' as jsonb) where stream_id = '" + stream + "'"); // restore refuses it
        assertThat(load(stream).aggregate().total()).isEqualTo(28);

        execute("delete from aggregate_snapshot where stream_id = '" + stream + "'");
        assertThat(load(stream).version()).isEqualTo(7);
        assertThat(load(stream).aggregate().total()).isEqualTo(28);

        incrementTimes(stream, 2, 8); // versions 8 and 9: the next snapshot replaces the unreadable one
        assertThat(snapshotVersion(stream)).isEqualTo(9);
        assertThat(load(stream).aggregate().total()).isEqualTo(28 + 8 + 9);
    }

    @Test
    void aCommandThatRollsBackLeavesNoSnapshot() {
        String stream = newStream();
        incrementTimes(stream, 2);
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            counters.decide(stream, "site-a", metadata(), OptionalLong.empty(), c -> List.of(new CounterIncremented(stream, 3)));
            throw new IllegalStateException("rolled back");
        })).hasMessage("rolled back");
        assertThat(snapshotVersion(stream)).isEqualTo(-1);
        assertThat(load(stream).aggregate().total()).isEqualTo(3);
    }

    /** A snapshot record with a personal value is refused: personal data lives only in sealed events (crypto-shredding). */
    @Test
    void aSnapshotShapeWithAPersonalValueIsRefused() {
        record WithName(@Personal String name) {
        }
        assertThatThrownBy(() -> new Snapshots<Counter, WithName>(WithName.class, 1, 10, c -> null, s -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name is personal");
        assertThatThrownBy(() -> new Snapshots<>(Counter.Snapshot.class, 1, 0, c -> null, s -> null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void incrementTimes(String stream, int times) {
        incrementTimes(stream, times, 1);
    }

    /** Increments by first, first + 1, …, one command each. */
    private void incrementTimes(String stream, int times, int first) {
        for (int i = 0; i < times; i++) {
            int by = first + i;
            QuarkusTransaction.requiringNew().run(() ->
                    counters.decide(stream, "site-a", metadata(), OptionalLong.empty(), c -> List.of(new CounterIncremented(stream, by))));
        }
    }

    private Rehydrated<Counter> load(String stream) {
        return QuarkusTransaction.requiringNew().call(() -> counters.load(stream));
    }

    private long snapshotVersion(String stream) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<?> rows = em.createNativeQuery("select stream_version from aggregate_snapshot where stream_id = ?1")
                    .setParameter(1, stream).getResultList();
            return rows.isEmpty() ? -1L : ((Number) rows.get(0)).longValue();
        });
    }

    private void execute(String sql) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(sql).executeUpdate());
    }
}
