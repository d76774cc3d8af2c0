package io.hookflow.credential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A tiny real connector for tests: {@code POST /verify} accepts the apiKey {@value #GOOD_KEY}, never answers
 * for {@value #HANGING_KEY}, quotes a key starting with {@value #ECHO_PREFIX} in its message (as a careless
 * connector might) and rejects any other. {@code POST <control>/down} and {@code /up} take it away and back.
 */
public class StubConnectorResource implements QuarkusTestResourceLifecycleManager {

    public static final String GOOD_KEY = "good-petstore-key";
    public static final String HANGING_KEY = "hang-petstore-key";
    public static final String ECHO_PREFIX = "echo-";
    /** Config property holding the control server's URL. */
    public static final String CONTROL_URL = "test.stub-connector.control-url";

    private final ObjectMapper json = new ObjectMapper();
    private final CountDownLatch released = new CountDownLatch(1);
    private StubHttp stub;

    @Override
    public Map<String, String> start() {
        stub = new StubHttp(Map.of("/verify", this::verify), Map.of());
        return Map.of("credential.connectors.petstore", stub.url(), CONTROL_URL, stub.controlUrl());
    }

    private void verify(HttpExchange exchange) throws IOException {
        if (!StubHttp.withoutPlatformToken(exchange)) {
            StubHttp.respondJson(exchange, 400, "{\"error\":\"A connector must receive no platform token\"}");
            return;
        }
        JsonNode body = json.readTree(exchange.getRequestBody());
        String key = body.path("credentials").path("apiKey").asText("");
        if (HANGING_KEY.equals(key)) {
            try {
                // a connector that never answers; the bound only frees the thread should the test run stop
                released.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        boolean good = GOOD_KEY.equals(key);
        String message = good ? "api key accepted"
                : key.startsWith(ECHO_PREFIX) ? "api key " + key + " is not known here" : "api key rejected";
        StubHttp.respondJson(exchange, 200, json.writeValueAsString(Map.of("verified", good, "message", message)));
    }

    @Override
    public void stop() {
        released.countDown();
        if (stub != null) {
            stub.stop();
        }
    }
}
