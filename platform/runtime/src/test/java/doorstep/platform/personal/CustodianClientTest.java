package doorstep.platform.personal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a service reads the custodian's answers (D48): only 410 means erased; a refused token, a wrong address, a
 * server error or no custodian at all is "unavailable" (a 503 for a command, a wait for a consumer), never an
 * erasure. The custodian is the true external edge here, played by the JDK's HTTP server.
 */
class CustodianClientTest {

    private HttpServer custodian;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int status;
    private volatile String body;
    private CustodianClient client;

    @BeforeEach
    void start() throws IOException {
        custodian = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        custodian.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        custodian.start();
        client = new CustodianClient(URI.create("http://127.0.0.1:" + custodian.getAddress().getPort()), "service-token");
    }

    @AfterEach
    void stop() {
        custodian.stop(0);
    }

    private void answers(int status, String body) {
        this.status = status;
        this.body = body;
    }

    @Test
    void a_key_comes_with_the_services_token() {
        byte[] key = new byte[32];
        key[0] = 7;
        answers(200, "{\"keyId\":\"o-1\",\"key\":\"" + Base64.getEncoder().encodeToString(key) + "\"}");

        assertThat(client.keyForWriting("o-1")).hasValueSatisfying(k -> assertThat(k).isEqualTo(key));
        assertThat(client.keyForReading("o-1")).isPresent();
        assertThat(requests).containsExactly("POST /internal/v1/data-keys/o-1 Bearer service-token",
                "GET /internal/v1/data-keys/o-1 Bearer service-token");
    }

    @Test
    void gone_means_erased_and_a_service_only_checks_that_it_is() {
        answers(410, "{\"status\":410}");

        assertThat(client.keyForWriting("o-1")).isEmpty();
        assertThat(client.keyForReading("o-1")).isEmpty();
        assertThat(client.erase("o-1")).as("destroyed nothing itself").isFalse();
        assertThat(requests).allMatch(r -> !r.startsWith("DELETE"));
    }

    @Test
    void a_key_the_custodian_still_holds_is_not_taken_for_erased() {
        answers(200, "{\"keyId\":\"o-1\",\"key\":\"" + Base64.getEncoder().encodeToString(new byte[32]) + "\"}");

        assertThatThrownBy(() -> client.erase("o-1")).isInstanceOf(IllegalStateException.class).hasMessageContaining("still holds");
    }

    @Test
    void anything_else_is_unavailable_never_erased() {
        for (int refused : List.of(401, 403, 404, 500, 503)) {
            answers(refused, "{}");
            assertThatThrownBy(() -> client.keyForReading("o-1")).as("status %d", refused).isInstanceOf(KeysUnavailable.class);
            assertThatThrownBy(() -> client.keyForWriting("o-1")).as("status %d", refused).isInstanceOf(KeysUnavailable.class);
        }
        answers(200, "not json");
        assertThatThrownBy(() -> client.keyForReading("o-1")).isInstanceOf(KeysUnavailable.class);
    }

    @Test
    void a_custodian_that_is_not_there_is_unavailable() {
        custodian.stop(0);

        assertThatThrownBy(() -> client.keyForReading("o-1")).isInstanceOf(KeysUnavailable.class).hasMessageContaining("unreachable");
    }

    @Test
    void a_key_of_the_wrong_size_is_refused_when_used() {
        answers(200, "{\"keyId\":\"o-1\",\"key\":\"" + Base64.getEncoder().encodeToString(new byte[16]) + "\"}");
        PersonalDataCipher cipher = new PersonalDataCipher(client, java.time.Duration.ofMinutes(1), 10);

        assertThatThrownBy(() -> cipher.seal("o-1", "王小明")).isInstanceOf(KeysUnavailable.class).hasMessageContaining("16 bytes");
    }
}
