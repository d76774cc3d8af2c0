package io.hookflow.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP stand-in for Keycloak's token endpoint: a client-credentials grant of client {@code hookflow-<name>}
 * with secret {@link #SECRET} gets a {@link ServiceTokens#service} token, anything else a 401. Points the service's
 * OIDC client ({@code quarkus.oidc-client}) at itself, so its internal calls carry real bearer tokens.
 */
public class TokenEndpointResource implements QuarkusTestResourceLifecycleManager {

    /** The client secret every test service is configured with ({@code %test.quarkus.oidc-client.credentials.secret}). */
    public static final String SECRET = "test-client-secret";
    private static final AtomicInteger ISSUED = new AtomicInteger();

    private HttpServer server;

    /** How many tokens the endpoint issued since the JVM started. */
    public static int issued() {
        return ISSUED.get();
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/token", this::handle);
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("quarkus.oidc-client.auth-server-url", url,
                "quarkus.oidc-client.discovery-enabled", "false",
                "quarkus.oidc-client.token-path", "/token",
                "quarkus.oidc-client.credentials.secret", SECRET);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> form = new HashMap<>();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Arrays.stream(body.split("&")).filter(pair -> pair.contains("=")).forEach(pair -> form.put(
                URLDecoder.decode(pair.substring(0, pair.indexOf('=')), StandardCharsets.UTF_8),
                URLDecoder.decode(pair.substring(pair.indexOf('=') + 1), StandardCharsets.UTF_8)));
        String client = form.get("client_id");
        String secret = form.get("client_secret");
        String basic = exchange.getRequestHeaders().getFirst("Authorization");
        if (basic != null && basic.startsWith("Basic ")) {
            String pair = new String(java.util.Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8);
            client = URLDecoder.decode(pair.substring(0, pair.indexOf(':')), StandardCharsets.UTF_8);
            secret = URLDecoder.decode(pair.substring(pair.indexOf(':') + 1), StandardCharsets.UTF_8);
        }
        if (!"client_credentials".equals(form.get("grant_type")) || client == null || !client.startsWith("hookflow-")
                || !SECRET.equals(secret)) {
            respond(exchange, 401, "{\"error\":\"unauthorized_client\"}");
            return;
        }
        ISSUED.incrementAndGet();
        respond(exchange, 200, "{\"access_token\":\"" + ServiceTokens.service(client.substring("hookflow-".length()))
                + "\",\"token_type\":\"Bearer\",\"expires_in\":300}");
    }

    /** Answers a stub's call with a JSON body (shared by the HTTP stand-ins of the module tests). */
    public static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
