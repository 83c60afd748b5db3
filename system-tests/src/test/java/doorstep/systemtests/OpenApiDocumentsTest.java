package doorstep.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import doorstep.testing.OpenApiContract;
import org.junit.jupiter.api.Test;

/**
 * One client of all four services has one method per operation (D54): the committed OpenAPI documents, from which the
 * build generates the clients, use each operation id for one operation only (the platform's operator operations are
 * the same operation in every service).
 */
class OpenApiDocumentsTest {

    @Test
    void operationIdsAreUniqueAcrossTheFourServices() {
        Map<String, JsonNode> documents = OpenApiContract.committedDocuments(Path.of("..", "contracts", "openapi"),
                List.of("intake", "dispatch", "billing", "followup"));
        assertThat(documents.values()).allSatisfy(d -> assertThat(d.path("paths").size()).isGreaterThan(3));
        assertThat(OpenApiContract.sharedOperationIds(documents)).as("operation ids used for different operations").isEmpty();
    }
}
