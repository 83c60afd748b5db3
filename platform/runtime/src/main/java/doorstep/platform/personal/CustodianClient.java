package doorstep.platform.personal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A service's way to the key custodian (intake-service's {@code /internal/v1/data-keys}): every call
 * carries the service's bearer token (role {@code doorstep-service}). {@code 410 Gone} means erased;
 * anything else but success (a refused token, a 404 of a wrong address, a timeout, a 5xx) is
 * {@link KeysUnavailable}, never taken for an erasure.
 */
public final class CustodianClient implements DataKeys {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * @param base  the custodian's base URL, e.g. {@code http://intake-service:8080}
     * @param token a bearer token with the role {@code doorstep-service}
     */
    public CustodianClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    @Override
    public Optional<byte[]> keyForWriting(String keyId) {
        return key(send("POST", keyId));
    }

    @Override
    public Optional<byte[]> keyForReading(String keyId) {
        return key(send("GET", keyId));
    }

    /**
     * Only the custodian destroys keys (it did, before it told anyone): a service makes sure the key is gone.
     *
     * @return false: this call destroyed nothing
     * @throws IllegalStateException when the custodian still serves the key (the erasure did not happen there)
     */
    @Override
    public boolean erase(String keyId) {
        if (keyForReading(keyId).isPresent()) {
            throw new IllegalStateException("the key custodian still holds the key of " + keyId);
        }
        return false;
    }

    private Optional<byte[]> key(HttpResponse<String> response) {
        if (response.statusCode() == 410) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw unavailable(response);
        }
        return Optional.of(Base64.getDecoder().decode(body(response).path("key").asText()));
    }

    private HttpResponse<String> send(String method, String keyId) {
        URI uri = base.resolve("/internal/v1/data-keys/" + URLEncoder.encode(keyId, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new KeysUnavailable("key custodian " + base + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeysUnavailable("interrupted while asking the key custodian", e);
        }
    }

    private static JsonNode body(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new KeysUnavailable("key custodian answered no JSON (status " + response.statusCode() + ")", e);
        }
    }

    private KeysUnavailable unavailable(HttpResponse<String> response) {
        return new KeysUnavailable("key custodian " + base + " answered " + response.statusCode() + " to "
                + response.request().method() + " " + response.uri().getPath());
    }
}
