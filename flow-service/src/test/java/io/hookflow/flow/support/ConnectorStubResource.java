package io.hookflow.flow.support;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

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
        server = StubHttp.loopbackServer();
        // Connectors get no platform token: a call that carries one is a bug (400).
        server.createContext("/component", exchange -> StubHttp.respondJson(exchange,
                StubHttp.withoutPlatformToken(exchange) ? 200 : 400,
                StubHttp.withoutPlatformToken(exchange) ? PETSTORE_DESCRIPTOR : StubHttp.UNTRUSTED));
        server.start();
        return Map.of("flow.connectors.petstore.url", StubHttp.url(server));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
