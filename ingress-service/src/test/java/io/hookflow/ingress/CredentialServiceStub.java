package io.hookflow.ingress;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hookflow.testsupport.ServiceTokens;
import io.hookflow.testsupport.TokenEndpointResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real HTTP stand-in for credential-service's {@code GET /internal/credentials/{id}}: it checks the internal
 * caller's service token (ingress's own, fetched from the stand-in token endpoint it also starts) and answers the credentials a test registered, 404 for others.
 */
public class CredentialServiceStub implements QuarkusTestResourceLifecycleManager {

    private static final String PREFIX = "/internal/credentials/";
    private static final Map<String, String> CREDENTIALS = new ConcurrentHashMap<>();

    private final TokenEndpointResource tokens = new TokenEndpointResource();
    private HttpServer server;

    /** Makes the stub answer this credential (replacing any earlier one with the id). */
    static void put(String id, String workspace, String type, String configJson) {
        CREDENTIALS.put(id, "{\"id\":\"" + id + "\",\"workspace\":\"" + workspace + "\",\"type\":\"" + type
                + "\",\"config\":" + configJson + "}");
    }

    /** Makes the stub answer 404 for this credential, as credential-service does once it is deleted. */
    static void remove(String id) {
        CREDENTIALS.remove(id);
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
        Map<String, String> config = new HashMap<>(tokens.start());
        // flow-service's sample-request endpoints too, so every test class shares one application (and one broker)
        config.putAll(flowService.start());
        config.put("quarkus.rest-client.credential-service.url", "http://127.0.0.1:" + server.getAddress().getPort());
        return config;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!"hookflow-ingress".equals(ServiceTokens.clientOf(exchange.getRequestHeaders().getFirst("Authorization")))) {
            TokenEndpointResource.respond(exchange, 401, "{\"error\":\"Service token of ingress missing or wrong\"}");
        } else if (!"GET".equals(exchange.getRequestMethod()) || !path.startsWith(PREFIX)) {
            TokenEndpointResource.respond(exchange, 404, "{\"error\":\"no such endpoint\"}");
        } else {
            String credential = CREDENTIALS.get(path.substring(PREFIX.length()));
            if (credential == null) {
                TokenEndpointResource.respond(exchange, 404, "{\"error\":\"Credential not found\"}");
            } else {
                TokenEndpointResource.respond(exchange, 200, credential);
            }
        }
    }

    private final FlowServiceStub flowService = new FlowServiceStub();

    @Override
    public void stop() {
        flowService.stop();
        if (server != null) {
            server.stop(0);
        }
        tokens.stop();
    }
}
