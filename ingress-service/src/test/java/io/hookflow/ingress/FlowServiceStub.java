package io.hookflow.ingress;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hookflow.testsupport.ServiceTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real HTTP server standing in for flow-service's internal sample-request endpoints: tests open tokens, and read
 * back what the ingress captured. A token answers 410 once captured or when opened expired, as flow-service does.
 */
public class FlowServiceStub implements QuarkusTestResourceLifecycleManager {

    private static final String PREFIX = "/internal/sample-requests/";
    private static final Map<String, String> OPEN = new ConcurrentHashMap<>();
    private static final Map<String, String> EXPIRED = new ConcurrentHashMap<>();
    private static final Map<String, String> CAPTURED = new ConcurrentHashMap<>();
    private HttpServer server;

    /** Opens {@code token} for the webhook step of {@code flowId}, authenticated with {@code credentialId}. */
    static void open(String token, String flowId, String credentialId, boolean rawData) {
        OPEN.put(token, "{\"flowId\":\"" + flowId + "\",\"stepId\":\"step_1\",\"workspace\":\"demo\","
                + "\"credentialId\":\"" + credentialId + "\",\"rawData\":" + rawData + "}");
    }

    static void expired(String token) {
        EXPIRED.put(token, "expired");
    }

    /** The capture body the ingress posted for {@code token}, or null. */
    static String captured(String token) {
        return CAPTURED.get(token);
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.start();
        return Map.of("quarkus.rest-client.flow-service.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        // like flow-service, answer only ingress's own service token
        if (!"hookflow-ingress".equals(ServiceTokens.clientOf(exchange.getRequestHeaders().getFirst("Authorization")))) {
            respond(exchange, 401, "{\"error\":\"not ingress's service token\"}");
            return;
        }
        if (!path.startsWith(PREFIX)) {
            respond(exchange, 404, "{\"error\":\"no such endpoint\"}");
            return;
        }
        String token = path.substring(PREFIX.length());
        if (EXPIRED.containsKey(token) || CAPTURED.containsKey(token)) {
            respond(exchange, 410, "{\"error\":\"used or expired\"}");
            return;
        }
        String open = OPEN.get(token);
        if (open == null) {
            respond(exchange, 404, "{\"error\":\"unknown\"}");
        } else if ("GET".equals(exchange.getRequestMethod())) {
            respond(exchange, 200, open);
        } else {
            CAPTURED.put(token, body);
            respond(exchange, 200, "{\"stored\":true}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        io.hookflow.testsupport.TokenEndpointResource.respond(exchange, status, json);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
