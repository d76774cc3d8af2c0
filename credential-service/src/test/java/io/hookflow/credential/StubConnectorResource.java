package io.hookflow.credential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny real connector for tests: {@code POST /verify} accepts the apiKey {@value #GOOD_KEY} and rejects
 * any other; {@code POST /test-control/stop} shuts it down so a test can see the connector unreachable.
 */
public class StubConnectorResource implements QuarkusTestResourceLifecycleManager {

    public static final String GOOD_KEY = "good-petstore-key";

    private final ObjectMapper json = new ObjectMapper();
    private HttpServer server;
    private ExecutorService executor;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newFixedThreadPool(2);
        server.setExecutor(executor);
        server.createContext("/verify", this::verify);
        server.createContext("/test-control/stop", this::stop);
        server.start();
        return Map.of("credential.connectors.petstore", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void verify(HttpExchange exchange) throws IOException {
        if (!"test-token".equals(exchange.getRequestHeaders().getFirst("X-Hookflow-Internal-Token"))) {
            respond(exchange, 401, "{\"error\":\"Missing or wrong internal token\"}");
            return;
        }
        JsonNode body = json.readTree(exchange.getRequestBody());
        boolean good = GOOD_KEY.equals(body.path("credentials").path("apiKey").asText(null));
        respond(exchange, 200, json.writeValueAsString(Map.of(
                "verified", good,
                "message", good ? "api key accepted" : "api key rejected")));
    }

    private void stop(HttpExchange exchange) throws IOException {
        respond(exchange, 202, "{}");
        // stopped from another thread: stop() waits for the exchange this thread is still handling
        new Thread(() -> server.stop(0)).start();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
