package io.hookflow.flow.support;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

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
        server = StubHttp.loopbackServer();
        server.createContext("/internal/credentials/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String id = path.substring("/internal/credentials/".length()).replaceFirst("/summary$", "");
            String[] known = CREDENTIALS.get(id);
            if (!StubHttp.trusted(exchange)) {
                StubHttp.respondJson(exchange, 401, StubHttp.UNTRUSTED);
            } else if (!path.endsWith("/summary") || known == null) {
                StubHttp.respondJson(exchange, 404, "{\"error\":\"Credential " + id + " does not exist\"}");
            } else {
                StubHttp.respondJson(exchange, 200, "{\"id\":\"" + id + "\",\"workspace\":\"" + known[0]
                        + "\",\"name\":\"Test credential\",\"type\":\"" + known[1] + "\"}");
            }
        });
        server.start();
        return Map.of("quarkus.rest-client.credential-service.url", StubHttp.url(server));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
