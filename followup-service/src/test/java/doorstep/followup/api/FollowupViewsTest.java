package doorstep.followup.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import doorstep.testing.DoorstepTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The documented shapes of followup's answers ({@link FollowupViews}) name exactly the fields the answers have: the
 * answers are the read models' rows with every column in camelCase ({@link FollowupQueries}, {@code seq} left out),
 * so each record's components are the columns of its table (a column added without its field fails here).
 */
@QuarkusTest
@QuarkusTestResource(value = DoorstepTestResource.class, initArgs = @ResourceArg(name = "database", value = "followup"))
class FollowupViewsTest {

    @Inject
    EntityManager em;

    @Test
    void eachDocumentedAnswerHasTheFieldsOfItsTable() {
        assertThat(components(FollowupViews.CoordinationSummary.class)).isEqualTo(columns("coordination_board"));
        Set<String> detail = columns("coordination_board");
        detail.addAll(List.of("latestEntry", "latestCheck", "links")); // the summary adds these to the board's row (D56)
        assertThat(components(FollowupViews.CoordinationDetail.class)).isEqualTo(detail);
        assertThat(components(FollowupViews.Entry.class)).isEqualTo(columns("coordination_entry"));
        assertThat(components(FollowupViews.Check.class)).containsExactlyInAnyOrder("cadence", "checkerId", "comment", "at")
                .allMatch(columns("coordination_check")::contains);
        assertThat(components(FollowupViews.CallbackTask.class)).isEqualTo(columns("callback_task"));
        assertThat(components(FollowupViews.RetentionRecord.class)).isEqualTo(columns("retention_record"));
    }

    private static Set<String> components(Class<? extends Record> type) {
        return new TreeSet<>(Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList());
    }

    private Set<String> columns(String table) {
        @SuppressWarnings("unchecked")
        List<String> names = em.createNativeQuery("select column_name from information_schema.columns where table_name = ?1")
                .setParameter(1, table).getResultList();
        Set<String> camel = new TreeSet<>();
        names.stream().filter(n -> !n.equals("seq")).forEach(n -> {
            StringBuilder sb = new StringBuilder();
            boolean up = false;
            for (char c : n.toCharArray()) {
                if (c == '_') {
                    up = true;
                } else {
                    sb.append(up ? Character.toUpperCase(c) : c);
                    up = false;
                }
            }
            camel.add(sb.toString());
        });
        assertThat(camel).as("columns of " + table).isNotEmpty();
        return camel;
    }
}
