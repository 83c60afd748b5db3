package doorstep.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} application at the shared broker and at a database of its own on
 * the shared PostgreSQL server, trusting the tokens of {@link TestTokens}. Init arg {@code database} names the database (default {@code app}).
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
                "mp.jwt.verify.publickey.location", TestTokens.issuer().keySetUrl(),
                // In test mode smallrye-jwt would otherwise trust an in-memory key pair of its own (a dev service).
                "mp.jwt.verify.publickey", "NONE",
                "mp.jwt.verify.issuer", doorstep.localinfra.LocalTokens.ISSUER,
                // Tests send hundreds of commands as one user; the limit itself is tested with its own profile.
                "doorstep.rate-limit.burst", "1000000",
                // Each service under test keeps its own data keys (D48); the system tests use intake as the one custodian.
                "doorstep.personal-data.custodian", "local",
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
