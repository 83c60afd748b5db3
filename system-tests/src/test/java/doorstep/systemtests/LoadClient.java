package doorstep.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The benchmark's HTTP client: the JDK's, with pooled keep-alive connections and Jackson. It costs
 * a fraction of RestAssured's CPU per request, and the generator shares the two cores with the
 * system it measures.
 */
final class LoadClient {

    record Reply(int status, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One bearer token per user and role, minted once (valid for an hour: longer than any benchmark run). */
    private final java.util.Map<String, String> tokens = new java.util.concurrent.ConcurrentHashMap<>();

    private String bearer(String role, String actor) {
        return tokens.computeIfAbsent(role + " " + actor, k -> "Bearer " + doorstep.testing.TestTokens.token(role, actor));
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** A command: POST with the actor's bearer token and a JSON body ({@code null} for none). */
    Reply post(String url, String role, String actor, Object body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", bearer(role, actor))
                    .header("Content-Type", "application/json")
                    .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                    .build();
            return send(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A read, as a company-wide administrator. */
    int status(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", bearer("admin", "benchmark-reader")).GET().build()).status();
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = response.body();
            return new Reply(response.statusCode(), body.length == 0 ? null : JSON.readTree(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
