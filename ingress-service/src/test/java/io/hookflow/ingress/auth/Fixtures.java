package io.hookflow.ingress.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.ingress.WebhookCredential;
import io.hookflow.ingress.WebhookRequest;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Credentials and requests for the authenticator unit tests. */
final class Fixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    static WebhookCredential credential(String type, String configJson) {
        try {
            return new WebhookCredential("cred-1", "demo", type, JSON.readTree(configJson));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A POST with these headers (name, value, name, value...; names lower-cased as WebhookResource does). */
    static WebhookRequest request(String body, String... headerPairs) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.put(headerPairs[i].toLowerCase(Locale.ROOT), List.of(headerPairs[i + 1]));
        }
        return new WebhookRequest("flow-1", "POST", "", "application/json", headers, Map.of(),
                body.getBytes(StandardCharsets.UTF_8));
    }
}
