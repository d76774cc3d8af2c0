package io.hookflow.flow.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server standing in for the executor's internal designer API. It maps plain field names only (the real
 * evaluator is the executor's, tested there): an expression naming a field of the sample copies it, any other fails
 * that field. A run answers the mapped input plus {@code "id": 42}, 422 when a field failed, and 503 while
 * {@link #unavailable} is set. Every request body is kept in {@link #REQUESTS}.
 */
public class ExecutorStubResource implements QuarkusTestResourceLifecycleManager {

    public static final List<JsonNode> REQUESTS = new CopyOnWriteArrayList<>();
    public static volatile boolean unavailable;
    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        server = StubHttp.loopbackServer();
        server.createContext("/internal/designer/", this::handle);
        server.start();
        return Map.of("quarkus.rest-client.executor-service.url", StubHttp.url(server));
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (!StubHttp.fromFlowService(exchange)) {
            StubHttp.respondJson(exchange, 401, StubHttp.UNTRUSTED);
            return;
        }
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        REQUESTS.add(request);
        ObjectNode input = JSON.createObjectNode();
        ObjectNode errors = JSON.createObjectNode();
        JsonNode mapping = request.path("mapping");
        for (Iterator<Map.Entry<String, JsonNode>> it = mapping.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = request.path("sample").get(field.getValue().asText());
            if (value != null) {
                input.set(field.getKey(), value);
            } else {
                errors.put(field.getKey(), "Mapping of field '" + field.getKey() + "' failed: stub knows no "
                        + field.getValue().asText());
            }
        }
        boolean run = exchange.getRequestURI().getPath().endsWith("/run");
        if (!run) {
            StubHttp.respondJson(exchange, 200, JSON.writeValueAsString(
                    JSON.createObjectNode().<ObjectNode>set("input", input).set("errors", errors)));
        } else if (unavailable) {
            StubHttp.respondJson(exchange, 503, "{\"error\":\"Connector petstore answered HTTP 503\"}");
        } else if (!errors.isEmpty()) {
            StubHttp.respondJson(exchange, 422, JSON.writeValueAsString(JSON.createObjectNode()
                    .put("error", "The step's mapping failed").set("errors", errors)));
        } else {
            ObjectNode output = input.deepCopy().put("id", 42);
            StubHttp.respondJson(exchange, 200, JSON.writeValueAsString(
                    JSON.createObjectNode().<ObjectNode>set("input", input).set("output", output)));
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
