package io.hookflow.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookflow.admin.ActiveFlow;
import io.hookflow.admin.AdminClient;
import io.hookflow.admin.AdminEndpoints;
import io.hookflow.admin.AdminException;
import io.hookflow.admin.PasswordGrant;

import java.io.IOException;
import java.net.URI;
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
 * It talks only to the public admin and webhook APIs (through dev/admin-client's {@link AdminClient}) and the
 * Petstore API, as a user of the tutorial would.
 */
public final class HookflowCli {

    static final String DEMO_FLOW = "Gromit to Petstore";
    static final String DEMO_WEBHOOK_CREDENTIAL = "Demo webhook (no auth)";
    static final String DEMO_PETSTORE_CREDENTIAL = "Demo Petstore";
    private static final String DEMO_WEBHOOK_BODY = "{\"petname\":\"Gromit\",\"petstatus\":\"Sold\"}";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AdminEndpoints endpoints = AdminEndpoints.fromEnvironment();
    private final String petstore = AdminEndpoints.env("HOOKFLOW_PETSTORE_URL", "http://localhost:8090");
    private final String petstoreKey = AdminEndpoints.env("PETSTORE_API_KEY", "secret");

    public static void main(String[] args) throws Exception {
        HookflowCli cli = new HookflowCli();
        String command = args.length > 0 ? args[0] : "";
        try {
            switch (command) {
                case "token" -> System.out.println(
                        PasswordGrant.localUser(cli.endpoints.oidc(), args.length > 1 ? args[1] : "demo").token());
                case "demo-setup" -> cli.demoSetup();
                case "demo" -> cli.demo();
                default -> {
                    System.err.println("usage: HookflowCli token [user] | demo-setup | demo");
                    System.exit(2);
                }
            }
        } catch (CliException | AdminException e) {
            System.err.println("hookflow: " + e.getMessage());
            System.exit(1);
        }
    }

    void demoSetup() throws IOException, InterruptedException {
        AdminClient admin = AdminClient.localUser(endpoints, "demo");
        String webhookCredential = credential(admin, DEMO_WEBHOOK_CREDENTIAL, "webhook-noauth", JSON.createObjectNode());
        String petstoreCredential = credential(admin, DEMO_PETSTORE_CREDENTIAL, "petstore",
                JSON.createObjectNode().put("apiKey", petstoreKey));

        ObjectNode definition = (ObjectNode) JSON.readTree("""
                {"name":"Gromit to Petstore","description":"The tutorial: a webhook creates a pet in the Petstore",
                 "steps":[
                  {"id":"step_1","name":"Webhook","component":"webhook","function":"receive",
                   "sample":{"petname":"Gromit","petstatus":"Sold"}},
                  {"id":"step_2","name":"Create a pet","component":"petstore","function":"createPet",
                   "mapping":{"name":"petname","status":"petstatus"}}]}""");
        ((ObjectNode) definition.get("steps").get(0)).put("credentialId", webhookCredential);
        ((ObjectNode) definition.get("steps").get(1)).put("credentialId", petstoreCredential);
        ActiveFlow flow = admin.ensureActiveFlow(definition);
        if (flow.created()) {
            System.out.println("  created flow " + flow.id());
        }
        if (flow.publishedVersion() > 0) {
            System.out.println("  published version " + flow.publishedVersion());
        }
        if (flow.started()) {
            System.out.println("  started the flow");
        }
        awaitWebhookLive(admin, flow.id());
        String url = admin.webhookUrl(flow.id());
        System.out.println();
        System.out.println("Demo flow \"" + DEMO_FLOW + "\" is active. Its webhook URL:");
        System.out.println("  " + url);
        System.out.println("Try it:");
        System.out.println("  curl -X POST " + url + " -H 'Content-Type: application/json' -d '" + DEMO_WEBHOOK_BODY + "'");
        System.out.println("then './hookflow demo' sends it for you and shows the execution.");
    }

    void demo() throws IOException, InterruptedException {
        AdminClient admin = AdminClient.localUser(endpoints, "demo");
        String id = admin.findFlow(DEMO_FLOW)
                .orElseThrow(() -> new CliException("the demo flow does not exist: run './hookflow up' first"))
                .path("id").asText();
        HttpResponse<String> hook = admin.postWebhook(id, DEMO_WEBHOOK_BODY.getBytes(StandardCharsets.UTF_8), null, null);
        System.out.println("POST /hook/" + id + " -> " + hook.statusCode() + " " + hook.body());
        if (hook.statusCode() != 200) {
            throw new CliException("the webhook was not accepted");
        }
        String executionId = JSON.readTree(hook.body()).path("executionId").asText();
        String executionUrl = endpoints.flowApi() + "/api/v1/executions/" + executionId;
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            // 404 until the executor has recorded the execution
            HttpResponse<String> execution = admin.send("GET", executionUrl, null);
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
                .header("api-key", petstoreKey).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new CliException("pet " + pet.path("id") + " is not in the Petstore (HTTP " + response.statusCode() + ")");
        }
        System.out.println("Pet " + pet.path("id") + " is in the Petstore: " + response.body());
    }

    /** The demo credential's id, created (and said so) when the user has none by that name. */
    private static String credential(AdminClient admin, String name, String type, ObjectNode config) {
        return admin.findCredential(name, type).orElseGet(() -> {
            String id = admin.createCredential(name, type, config);
            System.out.println("  created credential \"" + name + "\" (" + type + ")");
            return id;
        });
    }

    private static void awaitWebhookLive(AdminClient admin, String flowId) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (admin.webhookStatus(flowId) == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new CliException("the demo flow's webhook did not become live within 30 s; see './hookflow logs ingress-service'");
    }

    /** A failure the user can act on, printed without a stack trace. */
    static final class CliException extends RuntimeException {
        CliException(String message) {
            super(message);
        }
    }
}
