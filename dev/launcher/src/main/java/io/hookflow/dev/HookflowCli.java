package io.hookflow.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The Java half of {@code ./hookflow}: {@code token [user]}, {@code demo-setup} (makes sure the demo flow
 * exists, is published and active) and {@code demo} (sends the tutorial's webhook, shows its execution and
 * checks that it succeeded and created its pet; it fails otherwise, which is what lets the tests use it).
 * It talks only to the public admin and webhook APIs and the Petstore API, as a user of the tutorial would.
 */
public final class HookflowCli {

    static final String DEMO_FLOW = "Gromit to Petstore";
    static final String DEMO_WEBHOOK_CREDENTIAL = "Demo webhook (no auth)";
    static final String DEMO_PETSTORE_CREDENTIAL = "Demo Petstore";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String keycloak = env("HOOKFLOW_OIDC_URL", "http://localhost:8180/realms/hookflow");
    private final String flowApi = env("HOOKFLOW_FLOW_SERVICE_URL", "http://localhost:8081");
    private final String credentialApi = env("HOOKFLOW_CREDENTIAL_SERVICE_URL", "http://localhost:8082");
    private final String ingress = env("HOOKFLOW_INGRESS_URL", "http://localhost:8080");
    private final String petstore = env("HOOKFLOW_PETSTORE_URL", "http://localhost:8090");

    public static void main(String[] args) throws Exception {
        HookflowCli cli = new HookflowCli();
        String command = args.length > 0 ? args[0] : "";
        try {
            switch (command) {
                case "token" -> System.out.println(cli.token(args.length > 1 ? args[1] : "demo"));
                case "demo-setup" -> cli.demoSetup();
                case "demo" -> cli.demo();
                default -> {
                    System.err.println("usage: HookflowCli token [user] | demo-setup | demo");
                    System.exit(2);
                }
            }
        } catch (CliException e) {
            System.err.println("hookflow: " + e.getMessage());
            System.exit(1);
        }
    }

    String token(String user) throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=hookflow-cli&username=" + enc(user) + "&password=" + enc(user);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(keycloak + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new CliException("Keycloak refused a token for '" + user + "' (HTTP " + response.statusCode() + ")");
        }
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    void demoSetup() throws IOException, InterruptedException {
        String token = token("demo");
        String webhookCredential = findOrCreateCredential(token, DEMO_WEBHOOK_CREDENTIAL, "webhook-noauth",
                JSON.createObjectNode());
        ObjectNode petstoreConfig = JSON.createObjectNode().put("apiKey", env("PETSTORE_API_KEY", "secret"));
        String petstoreCredential = findOrCreateCredential(token, DEMO_PETSTORE_CREDENTIAL, "petstore", petstoreConfig);

        JsonNode flow = findByName(call(token, "GET", flowApi + "/api/v1/flows?size=100", null, 200), DEMO_FLOW);
        if (flow == null) {
            ObjectNode body = (ObjectNode) JSON.readTree("""
                    {"name":"Gromit to Petstore","description":"The tutorial: a webhook creates a pet in the Petstore",
                     "steps":[
                      {"id":"step_1","name":"Webhook","component":"webhook","function":"receive",
                       "sample":{"petname":"Gromit","petstatus":"Sold"}},
                      {"id":"step_2","name":"Create a pet","component":"petstore","function":"createPet",
                       "mapping":{"name":"petname","status":"petstatus"}}]}""");
            ((ObjectNode) body.get("steps").get(0)).put("credentialId", webhookCredential);
            ((ObjectNode) body.get("steps").get(1)).put("credentialId", petstoreCredential);
            flow = call(token, "POST", flowApi + "/api/v1/flows", body, 201);
            System.out.println("  created flow " + flow.path("id").asText());
        }
        String id = flow.path("id").asText();
        JsonNode versions = call(token, "GET", flowApi + "/api/v1/flows/" + id + "/versions", null, 200);
        if (versions.isEmpty()) {
            JsonNode version = call(token, "POST", flowApi + "/api/v1/flows/" + id + "/publish", JSON.createObjectNode(), 201);
            System.out.println("  published version " + version.path("version").asInt());
        }
        if (!"active".equals(flow.path("status").asText())) {
            call(token, "POST", flowApi + "/api/v1/flows/" + id + "/start", JSON.createObjectNode(), 202);
            System.out.println("  started the flow");
        }
        awaitWebhookLive(id);
        String url = ingress + "/hook/" + id;
        System.out.println();
        System.out.println("Demo flow \"" + DEMO_FLOW + "\" is active. Its webhook URL:");
        System.out.println("  " + url);
        System.out.println("Try it:");
        System.out.println("  curl -X POST " + url + " -H 'Content-Type: application/json' -d '{\"petname\":\"Gromit\",\"petstatus\":\"Sold\"}'");
        System.out.println("then './hookflow demo' sends it for you and shows the execution.");
    }

    void demo() throws IOException, InterruptedException {
        String token = token("demo");
        JsonNode flow = findByName(call(token, "GET", flowApi + "/api/v1/flows?size=100", null, 200), DEMO_FLOW);
        if (flow == null) {
            throw new CliException("the demo flow does not exist: run './hookflow up' first");
        }
        String id = flow.path("id").asText();
        HttpResponse<String> hook = http.send(HttpRequest.newBuilder(URI.create(ingress + "/hook/" + id))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"petname\":\"Gromit\",\"petstatus\":\"Sold\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        System.out.println("POST /hook/" + id + " -> " + hook.statusCode() + " " + hook.body());
        if (hook.statusCode() != 200) {
            throw new CliException("the webhook was not accepted");
        }
        String executionId = JSON.readTree(hook.body()).path("executionId").asText();
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> execution = send(token, "GET", flowApi + "/api/v1/executions/" + executionId, null);
            if (execution.statusCode() == 200) {
                JsonNode node = JSON.readTree(execution.body());
                String status = node.path("status").asText();
                if ("succeeded".equals(status) || "failed".equals(status)) {
                    System.out.println("Execution " + executionId + ": " + status);
                    System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
                    if ("failed".equals(status)) {
                        throw new CliException("the execution failed; see its steps above and './hookflow logs executor-service'");
                    }
                    checkPetCreated(node);
                    return;
                }
            }
            Thread.sleep(250);
        }
        throw new CliException("no finished execution " + executionId + " after 30 s; see './hookflow logs executor-service'");
    }

    /** The last step created a pet: it must be in the Petstore, as the tutorial's last curl shows. */
    private void checkPetCreated(JsonNode execution) throws IOException, InterruptedException {
        JsonNode steps = execution.path("steps");
        JsonNode pet = steps.isEmpty() ? JSON.missingNode() : steps.get(steps.size() - 1).path("output");
        if (!pet.path("id").canConvertToLong()) {
            throw new CliException("the execution's last step has no pet as its output");
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(petstore + "/v2/pet/" + pet.path("id").asLong()))
                .header("api-key", env("PETSTORE_API_KEY", "secret")).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new CliException("pet " + pet.path("id") + " is not in the Petstore (HTTP " + response.statusCode() + ")");
        }
        System.out.println("Pet " + pet.path("id") + " is in the Petstore: " + response.body());
    }

    private String findOrCreateCredential(String token, String name, String type, ObjectNode config)
            throws IOException, InterruptedException {
        JsonNode existing = findByName(call(token, "GET", credentialApi + "/api/v1/credentials?type=" + type + "&size=100",
                null, 200), name);
        if (existing != null) {
            return existing.path("id").asText();
        }
        ObjectNode body = JSON.createObjectNode().put("name", name).put("type", type);
        body.set("config", config);
        String id = call(token, "POST", credentialApi + "/api/v1/credentials", body, 201).path("id").asText();
        System.out.println("  created credential \"" + name + "\" (" + type + ")");
        return id;
    }

    private void awaitWebhookLive(String flowId) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(ingress + "/hook/" + flowId))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            if (head.statusCode() == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new CliException("the demo flow's webhook did not become live within 30 s; see './hookflow logs ingress-service'");
    }

    private static JsonNode findByName(JsonNode list, String name) {
        for (JsonNode item : list) {
            if (name.equals(item.path("name").asText())) {
                return item;
            }
        }
        return null;
    }

    private JsonNode call(String token, String method, String url, JsonNode body, int expected)
            throws IOException, InterruptedException {
        HttpResponse<String> response = send(token, method, url, body);
        if (response.statusCode() != expected) {
            throw new CliException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String token, String method, String url, JsonNode body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A failure the user can act on, printed without a stack trace. */
    static final class CliException extends RuntimeException {
        CliException(String message) {
            super(message);
        }
    }
}
