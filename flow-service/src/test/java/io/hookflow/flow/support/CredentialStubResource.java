package io.hookflow.flow.support;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.restassured.RestAssured.given;

/**
 * A real HTTP credential-service on a free port answering {@code GET /internal/credentials/{id}/summary}; tests
 * add and delete credentials through {@link #register} and {@link #delete}.
 */
public class CredentialStubResource implements QuarkusTestResourceLifecycleManager {

    /** A webhook credential of another workspace. */
    public static final String OTHER_WORKSPACE_CREDENTIAL = "65a1f0c2b7e4d3a2f1e0c9ba";

    private static final String CONTROL = "/stub/credentials/";

    private static final Map<String, String[]> KNOWN = Map.of(
            TestFlows.WEBHOOK_CREDENTIAL, new String[] {"demo", "webhook-noauth"},
            TestFlows.PETSTORE_CREDENTIAL, new String[] {"demo", "petstore"},
            "cred", new String[] {"demo", "webhook-noauth"},
            "cred-1", new String[] {"demo", "webhook-noauth"},
            "cred-2", new String[] {"demo", "petstore"},
            OTHER_WORKSPACE_CREDENTIAL, new String[] {"other", "webhook-noauth"});

    private final Map<String, String[]> credentials = new ConcurrentHashMap<>(KNOWN);
    private HttpServer server;

    /** Makes the stub know a credential from now on, as if it had been created in credential-service. */
    public static void register(String id, String workspace, String type) {
        given().queryParam("workspace", workspace).queryParam("type", type)
                .when().put(stubUrl() + id)
                .then().statusCode(204);
    }

    /** Makes the stub answer 404 for a credential from now on, as if it had been deleted. */
    public static void delete(String id) {
        given().when().delete(stubUrl() + id).then().statusCode(204);
    }

    private static String stubUrl() {
        return ConfigProvider.getConfig().getValue("quarkus.rest-client.credential-service.url", String.class)
                + CONTROL;
    }

    @Override
    public Map<String, String> start() {
        server = StubHttp.loopbackServer();
        server.createContext("/internal/credentials/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String id = path.substring("/internal/credentials/".length()).replaceFirst("/summary$", "");
            String[] known = credentials.get(id);
            if (!StubHttp.fromFlowService(exchange)) {
                StubHttp.respondJson(exchange, 401, StubHttp.UNTRUSTED);
            } else if (!path.endsWith("/summary") || known == null) {
                StubHttp.respondJson(exchange, 404, "{\"error\":\"Credential " + id + " does not exist\"}");
            } else {
                StubHttp.respondJson(exchange, 200, "{\"id\":\"" + id + "\",\"workspace\":\"" + known[0]
                        + "\",\"name\":\"Test credential\",\"type\":\"" + known[1] + "\"}");
            }
        });
        // Test-only control path: PUT ?workspace=&type= adds a credential, DELETE removes one.
        server.createContext(CONTROL, exchange -> {
            String id = exchange.getRequestURI().getPath().substring(CONTROL.length());
            if ("DELETE".equals(exchange.getRequestMethod())) {
                credentials.remove(id);
            } else {
                Map<String, String> query = new HashMap<>();
                for (String pair : exchange.getRequestURI().getQuery().split("&")) {
                    String[] kv = pair.split("=", 2);
                    query.put(kv[0], kv[1]);
                }
                credentials.put(id, new String[] {query.get("workspace"), query.get("type")});
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
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
