package io.hookflow.flow.support;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A real HTTP credential-service on a free port answering {@code GET /internal/credentials/{id}/summary}. */
public class CredentialStubResource implements QuarkusTestResourceLifecycleManager {

    /** A webhook credential of another workspace. */
    public static final String OTHER_WORKSPACE_CREDENTIAL = "65a1f0c2b7e4d3a2f1e0c9ba";

    private static final Map<String, String[]> CREDENTIALS = Map.of(
            TestFlows.WEBHOOK_CREDENTIAL, new String[] {"demo", "webhook-noauth"},
            TestFlows.PETSTORE_CREDENTIAL, new String[] {"demo", "petstore"},
            "cred", new String[] {"demo", "webhook-noauth"},
            "cred-1", new String[] {"demo", "webhook-noauth"},
            "cred-2", new String[] {"demo", "petstore"},
            OTHER_WORKSPACE_CREDENTIAL, new String[] {"other", "webhook-noauth"});

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/internal/credentials/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String id = path.substring("/internal/credentials/".length()).replaceFirst("/summary$", "");
            String[] known = CREDENTIALS.get(id);
            int status;
            String body;
            if (!"test-token".equals(exchange.getRequestHeaders().getFirst("X-Hookflow-Internal-Token"))) {
                status = 401;
                body = "{\"error\":\"Missing or wrong internal token\"}";
            } else if (!path.endsWith("/summary") || known == null) {
                status = 404;
                body = "{\"error\":\"Credential " + id + " does not exist\"}";
            } else {
                status = 200;
                body = "{\"id\":\"" + id + "\",\"workspace\":\"" + known[0] + "\",\"name\":\"Test credential\","
                        + "\"type\":\"" + known[1] + "\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return Map.of("quarkus.rest-client.credential-service.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
