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

/** A real HTTP connector on a free port that serves the Petstore {@code GET /component} descriptor. */
public class ConnectorStubResource implements QuarkusTestResourceLifecycleManager {

    static final String PETSTORE_DESCRIPTOR = """
            {"id":"petstore","title":"Petstore","description":"The demo Petstore API",
             "credential":{"type":"petstore","fields":[{"name":"apiKey","title":"API key","type":"string","required":true,"secret":true}]},
             "actions":[{"id":"createPet","title":"Create a pet",
                         "input":[{"name":"name","type":"string","required":true},
                                  {"name":"status","type":"string","required":false,"enum":["available","pending","sold"]}],
                         "output":[{"name":"id","type":"number"},{"name":"name","type":"string"},{"name":"status","type":"string"}]}],
             "triggers":[]}
            """;

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/component", exchange -> {
            // Like a real connector, answer only callers that carry the internal token.
            boolean trusted = "test-token".equals(exchange.getRequestHeaders().getFirst("X-Hookflow-Internal-Token"));
            byte[] body = (trusted ? PETSTORE_DESCRIPTOR : "{\"error\":\"Missing or wrong internal token\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(trusted ? 200 : 401, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return Map.of("flow.connectors.petstore.url",
                "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
