package doorstep.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} application at the shared broker and at a database of its own on
 * the shared PostgreSQL server. Init arg {@code database} names the database (default {@code app}).
 */
public class DoorstepTestResource implements QuarkusTestResourceLifecycleManager {

    private String database = "app";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        TestInfrastructure infra = TestInfrastructure.get();
        String jdbcUrl = infra.postgres().ensureDatabase(database);
        return Map.of(
                "kafka.bootstrap.servers", infra.kafkaBootstrapServers(),
                "quarkus.datasource.jdbc.url", jdbcUrl,
                "quarkus.datasource.username", infra.postgres().user(),
                "quarkus.datasource.password", infra.postgres().password());
    }

    @Override
    public void stop() {
        // Shared for the whole test JVM; stopped by TestInfrastructure's shutdown hook.
    }
}
