package doorstep.platform.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import doorstep.testing.DoorstepTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Projections' plain-JDBC writes: at once when live, batched per page in a rebuild with each subject's order kept (D57). */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "platformtest"))
class ProjectionJdbcTest {

    private static final String INSERT = "insert into counter_total (counter_id, site_id, total, version) values (?1, ?2, ?3, ?3)";
    private static final String ADD = "update counter_total set total = total + ?2 where counter_id = ?1";
    private static final String TIMES = "update counter_total set total = total * ?2 where counter_id = ?1";

    @Inject
    ProjectionJdbc jdbc;
    @Inject
    EntityManager em;

    @Test
    void liveStatementsRunAtOnceWithRepeatedNullAndInstantParameters() {
        String a = "jdbc-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            assertThat(jdbc.rebuilding()).isFalse();
            jdbc.update(INSERT, a, null, 5L);
            assertThat(rawTotal(a)).isEqualTo(5);
            String row = jdbc.query("select site_id, version, cast(?2 as timestamptz) from counter_total where counter_id = ?1", rs -> {
                rs.next();
                return rs.getString(1) + "|" + rs.getLong(2) + "|" + rs.getObject(3, java.time.OffsetDateTime.class).toInstant();
            }, a, Instant.parse("2026-11-30T01:02:03.456789Z"));
            assertThat(row).isEqualTo("null|5|2026-11-30T01:02:03.456789Z");
            assertThatThrownBy(() -> jdbc.updateOne(ADD, "no-such-" + a, 1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("0 rows changed");
        });
    }

    @Test
    void aRebuildPageSendsItsStatementsInBatchesKeepingEachSubjectsOrder() {
        String a = "jdbc-" + UUID.randomUUID();
        String b = "jdbc-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            try (ProjectionJdbc.Page page = jdbc.collect()) {
                assertThat(jdbc.rebuilding()).isTrue();
                page.about(a);
                jdbc.update(INSERT, a, "site-a", 1L);
                page.about(b);
                jdbc.update(INSERT, b, "site-a", 1L);
                page.about(a);
                jdbc.update(TIMES, a, 10);
                page.about(b);
                jdbc.update(ADD, b, 1);
                page.about(a);
                jdbc.updateOne(ADD, a, 2);
                assertThat(rawTotal(a)).as("nothing sent before the page ends").isNull();
                page.send();
                assertThat(rawTotal(a)).as("(1 × 10) + 2: a's statements in their order").isEqualTo(12);
                assertThat(rawTotal(b)).isEqualTo(2);

                page.about(b);
                jdbc.update(TIMES, b, 3);
                long total = jdbc.query("select total from counter_total where counter_id = ?1", rs -> {
                    rs.next();
                    return rs.getLong(1);
                }, b);
                assertThat(total).as("a query sends what waits first").isEqualTo(6);
                assertThat(jdbc.rebuildState(this, () -> "kept")).isEqualTo("kept");
            }
            assertThat(jdbc.rebuilding()).isFalse();
        });
    }

    @Test
    void aRebuildPageFailsWhenAStatementThatMustChangeOneRowChangesNone() {
        String a = "jdbc-" + UUID.randomUUID();
        Throwable failed = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            try (ProjectionJdbc.Page page = jdbc.collect()) {
                page.about(a);
                jdbc.updateOne(ADD, a, 1);
                page.send();
            }
        }));
        while (!(failed instanceof IllegalStateException) && failed.getCause() != null) {
            failed = failed.getCause();
        }
        assertThat(failed).isInstanceOf(IllegalStateException.class).hasMessageContaining("0 rows changed");
        assertThat(jdbc.rebuilding()).isFalse();
    }

    private Long rawTotal(String counter) {
        var rows = em.createNativeQuery("select total from counter_total where counter_id = ?1").setParameter(1, counter).getResultList();
        return rows.isEmpty() ? null : ((Number) rows.get(0)).longValue();
    }
}
