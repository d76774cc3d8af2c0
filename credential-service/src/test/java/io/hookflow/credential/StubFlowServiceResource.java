package io.hookflow.credential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.restassured.RestAssured.given;

/**
 * A real HTTP flow-service answering {@code GET /internal/flows/using-credential/{id}?workspace=} and
 * {@code GET /internal/flows/{flowId}/versions/{n}/credentials} or {@code .../draft/credentials} as the contract says.
 * It refuses (401) a call without credential-service's own service token and (400) a credential-use question without
 * a workspace or, for a credential a test registered, with another workspace than registered. Unregistered credentials
 * are used by no flow; unregistered flow versions and drafts do not exist (404). Tests register answers, read what was
 * asked and take the stub down through its control server (see the static helpers).
 */
public class StubFlowServiceResource implements QuarkusTestResourceLifecycleManager {

    /** Config property holding the control server's URL. */
    public static final String CONTROL_URL = "test.stub-flow-service.control-url";
    private static final String PATH = "/internal/flows/using-credential/";
    private static final String FLOWS = "/internal/flows/";

    private final ObjectMapper json = new ObjectMapper();
    /** credential id -> {"workspace", "status", "body"} registered by a test. */
    private final Map<String, JsonNode> answers = new ConcurrentHashMap<>();
    /** credential id -> the workspace query parameter of the last call about it. */
    private final Map<String, String> asked = new ConcurrentHashMap<>();
    /** "{flowId}/versions/{n}" or "{flowId}/draft" -> {"workspace","credentialIds"} registered by a test. */
    private final Map<String, JsonNode> flowCredentials = new ConcurrentHashMap<>();
    /** "{flowId}/versions/{n}" or "{flowId}/draft" -> how many times it was asked about. */
    private final Map<String, Integer> flowCalls = new ConcurrentHashMap<>();
    private StubHttp stub;

    /** From now on flow-service says these active flows (each {id, name}) of {@code workspace} use the credential. */
    public static void usedBy(String credentialId, String workspace, List<Map<String, String>> activeFlows) {
        register(credentialId, Map.of("workspace", workspace, "status", 200,
                "body", Map.of("credentialId", credentialId, "activeFlows", activeFlows)));
    }

    /** From now on flow-service answers calls about the credential with this status and JSON body. */
    public static void answers(String credentialId, int status, Object body) {
        register(credentialId, Map.of("status", status, "body", body));
    }

    /** From now on flow-service says version {@code version} of flow {@code flowId} references these credentials. */
    public static void version(String flowId, int version, String workspace, String... credentialIds) {
        registerFlow(flowId + "/versions/" + version, workspace, credentialIds);
    }

    /** From now on flow-service says the draft of flow {@code flowId} references these credentials. */
    public static void draft(String flowId, String workspace, String... credentialIds) {
        registerFlow(flowId + "/draft", workspace, credentialIds);
    }

    /** How many times flow-service was asked for the credentials of that version. */
    public static int versionCalls(String flowId, int version) {
        return flowCalls(flowId + "/versions/" + version);
    }

    /** How many times flow-service was asked for the credentials of that draft. */
    public static int draftCalls(String flowId) {
        return flowCalls(flowId + "/draft");
    }

    private static void registerFlow(String key, String workspace, String... credentialIds) {
        given().contentType("application/json")
                .body(Map.of("workspace", workspace, "credentialIds", List.of(credentialIds)))
                .when().put(controlUrl() + "/flows/" + key)
                .then().statusCode(200);
    }

    private static int flowCalls(String key) {
        return given().when().get(controlUrl() + "/flow-calls/" + key)
                .then().statusCode(200).extract().path("calls");
    }

    /** The workspace query parameter of the last call about the credential, or null if there was none. */
    public static String askedWorkspace(String credentialId) {
        return given().when().get(controlUrl() + "/asked/" + credentialId)
                .then().statusCode(200).extract().path("workspace");
    }

    public static void down() {
        given().when().post(controlUrl() + "/down").then().statusCode(200);
    }

    public static void up() {
        given().when().post(controlUrl() + "/up").then().statusCode(200);
    }

    private static void register(String credentialId, Map<String, Object> answer) {
        given().contentType("application/json").body(answer)
                .when().put(controlUrl() + "/answers/" + credentialId)
                .then().statusCode(200);
    }

    private static String controlUrl() {
        return ConfigProvider.getConfig().getValue(CONTROL_URL, String.class);
    }

    @Override
    public Map<String, String> start() {
        stub = new StubHttp(Map.of(PATH, this::usingCredential, FLOWS, this::flowCredentials), Map.of(
                "/flows/", exchange -> {
                    String key = exchange.getRequestURI().getPath().substring("/flows/".length());
                    flowCredentials.put(key, json.readTree(exchange.getRequestBody()));
                    StubHttp.respondJson(exchange, 200, "{}");
                },
                "/flow-calls/", exchange -> {
                    String key = exchange.getRequestURI().getPath().substring("/flow-calls/".length());
                    StubHttp.respondJson(exchange, 200, "{\"calls\":" + flowCalls.getOrDefault(key, 0) + "}");
                },
                "/answers/", exchange -> {
                    String id = exchange.getRequestURI().getPath().substring("/answers/".length());
                    answers.put(id, json.readTree(exchange.getRequestBody()));
                    StubHttp.respondJson(exchange, 200, "{}");
                },
                "/asked/", exchange -> {
                    String id = exchange.getRequestURI().getPath().substring("/asked/".length());
                    ObjectNode body = json.createObjectNode();
                    body.put("workspace", asked.get(id));
                    StubHttp.respondJson(exchange, 200, body.toString());
                }));
        return Map.of("quarkus.rest-client.flow-service.url", stub.url(), CONTROL_URL, stub.controlUrl());
    }

    private void usingCredential(HttpExchange exchange) throws IOException {
        String id = exchange.getRequestURI().getPath().substring(PATH.length());
        String workspace = query(exchange).get("workspace");
        if (workspace != null) {
            asked.put(id, workspace);
        }
        JsonNode answer = answers.get(id);
        if (!StubHttp.fromCredentialService(exchange)) {
            StubHttp.respondJson(exchange, 401, "{\"error\":\"Missing or wrong service token\"}");
        } else if (!"GET".equals(exchange.getRequestMethod())) {
            StubHttp.respondJson(exchange, 405, "{\"error\":\"Method not allowed\"}");
        } else if (workspace == null || workspace.isBlank()
                || answer != null && answer.has("workspace") && !answer.get("workspace").asText().equals(workspace)) {
            StubHttp.respondJson(exchange, 400, "{\"error\":\"the workspace query parameter is missing or wrong\"}");
        } else if (answer == null) {
            StubHttp.respondJson(exchange, 200, "{\"credentialId\":\"" + id + "\",\"activeFlows\":[]}");
        } else {
            StubHttp.respondJson(exchange, answer.get("status").asInt(), json.writeValueAsString(answer.get("body")));
        }
    }

    private void flowCredentials(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String key = path.endsWith("/credentials")
                ? path.substring(FLOWS.length(), path.length() - "/credentials".length()) : null;
        if (!StubHttp.fromCredentialService(exchange)) {
            StubHttp.respondJson(exchange, 401, "{\"error\":\"Missing or wrong service token\"}");
        } else if (key == null || !key.matches("[^/]+/(versions/[^/]+|draft)")) {
            StubHttp.respondJson(exchange, 404, "{\"error\":\"Unknown path " + path + "\"}");
        } else {
            flowCalls.merge(key, 1, Integer::sum);
            JsonNode answer = flowCredentials.get(key);
            if (answer == null) {
                StubHttp.respondJson(exchange, 404, "{\"error\":\"No such flow or version\"}");
            } else {
                ObjectNode body = json.createObjectNode();
                body.put("flowId", key.substring(0, key.indexOf('/')));
                body.set("workspace", answer.get("workspace"));
                body.set("credentialIds", answer.get("credentialIds"));
                StubHttp.respondJson(exchange, 200, body.toString());
            }
        }
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return query;
    }

    @Override
    public void stop() {
        if (stub != null) {
            stub.stop();
        }
    }
}
