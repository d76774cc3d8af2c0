package io.hookflow.e2e;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The tutorial "Creating a webhook flow", end to end, through the public APIs of the platform that
 * {@code ./hookflow up} started: real Keycloak tokens, real Kafka, real PostgreSQL, the real connector and
 * the demo Petstore API.
 */
class WebhookTutorialIT {

    private static String demo;

    @BeforeAll
    static void login() {
        demo = Platform.token("demo");
    }

    @Test
    void runsTheWebhookTutorialEndToEnd() {
        String petName = "Gromit-" + UUID.randomUUID().toString().substring(0, 8);

        // 1. Credentials: the webhook's (no auth) and the Petstore's, whose key never comes back in clear.
        String webhookCredential = createCredential("Tutorial webhook", "webhook-noauth", Map.of())
                .then().statusCode(201).extract().path("id");
        Response petstore = createCredential("Tutorial Petstore", "petstore", Map.of("apiKey", Platform.PETSTORE_KEY));
        petstore.then().statusCode(201)
                .header("Location", notNullValue())
                .body("config.apiKey", equalTo("****"));
        assertThat(petstore.asString()).doesNotContain(Platform.PETSTORE_KEY);
        String petstoreCredential = petstore.path("id");

        given().auth().oauth2(demo).get(Platform.CREDENTIALS + "/api/v1/credentials/" + petstoreCredential)
                .then().statusCode(200).body("config.apiKey", equalTo("****"));
        verify(petstoreCredential).then().statusCode(200).body("verified", equalTo(true));
        String wrongKey = createCredential("Wrong Petstore key", "petstore", Map.of("apiKey", "not-the-key"))
                .then().statusCode(201).extract().path("id");
        verify(wrongKey).then().statusCode(200).body("verified", equalTo(false));

        // 2. The flow: webhook trigger, then Petstore createPet with petname->name and petstatus->status.
        Map<String, Object> flowRequest = Map.of(
                "name", "Tutorial " + petName,
                "description", "Creating a webhook flow",
                "steps", List.of(
                        Map.of("id", "step_1", "name", "Webhook", "component", "webhook", "function", "receive",
                                "credentialId", webhookCredential,
                                "sample", Map.of("petname", "Gromit", "petstatus", "Sold")),
                        Map.of("id", "step_2", "name", "Create a pet", "component", "petstore", "function", "createPet",
                                "credentialId", petstoreCredential,
                                "mapping", Map.of("name", "petname", "status", "petstatus"))));
        Response created = given().auth().oauth2(demo).contentType(ContentType.JSON).body(flowRequest)
                .post(Platform.FLOWS + "/api/v1/flows");
        created.then().statusCode(201)
                .header("Location", notNullValue())
                .body("status", equalTo("inactive"))
                .body("webhookUrl", notNullValue());
        String flowId = created.path("id");
        String hook = Platform.INGRESS + "/hook/" + flowId;

        // 3. A draft cannot be started; publish, then start.
        given().auth().oauth2(demo).post(Platform.FLOWS + "/api/v1/flows/" + flowId + "/start")
                .then().statusCode(409).body("error", notNullValue());
        given().auth().oauth2(demo).post(Platform.FLOWS + "/api/v1/flows/" + flowId + "/publish")
                .then().statusCode(201).body("version", equalTo(1));
        given().auth().oauth2(demo).post(Platform.FLOWS + "/api/v1/flows/" + flowId + "/start")
                .then().statusCode(202);
        given().auth().oauth2(demo).get(Platform.FLOWS + "/api/v1/flows/" + flowId)
                .then().statusCode(200).body("status", equalTo("active")).body("activeVersion", equalTo(1));

        // 4. The webhook is live within 5 s of the 202.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().head(hook).statusCode() == 200);

        // 5. The tutorial's POST.
        String payload = "{\"petname\":\"" + petName + "\",\"petstatus\":\"Sold\"}";
        String requestId = given().contentType(ContentType.JSON).body(payload).post(hook)
                .then().statusCode(200)
                .body("message", equalTo("thank you"))
                .body("requestId", matchesPattern("[0-9a-f]{32}"))
                .extract().path("requestId");
        String executionId = flowId + "-" + requestId;

        // 6. The execution succeeds, with each step's input and output in the run log.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                "succeeded".equals(given().auth().oauth2(demo)
                        .get(Platform.FLOWS + "/api/v1/executions/" + executionId).path("status")));
        given().auth().oauth2(demo).get(Platform.FLOWS + "/api/v1/flows/" + flowId + "/executions")
                .then().statusCode(200)
                .body("[0].id", equalTo(executionId))
                .body("[0].requestId", equalTo(requestId))
                .body("[0].status", equalTo("succeeded"))
                .body("[0].flowVersion", equalTo(1));
        Response execution = given().auth().oauth2(demo).get(Platform.FLOWS + "/api/v1/executions/" + executionId);
        execution.then().statusCode(200)
                .body("steps[0].output.petname", equalTo(petName))
                .body("steps[1].stepId", equalTo("step_2"))
                .body("steps[1].status", equalTo("succeeded"))
                .body("steps[1].input.name", equalTo(petName))
                .body("steps[1].input.status", equalTo("Sold"))
                .body("steps[1].output.name", equalTo(petName))
                .body("steps[1].output.status", equalTo("sold"))
                .body("steps[1].output", hasKey("id"));
        assertThat(execution.asString()).doesNotContain(Platform.PETSTORE_KEY + "\"");

        // 7. Exactly one pet, even when the sender retries with the same request id.
        given().contentType(ContentType.JSON).header("x-request-id", requestId).body(payload).post(hook)
                .then().statusCode(200).body("requestId", equalTo(requestId)).body("executionId", equalTo(executionId));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> petsNamed(petName) == 1);
        given().auth().oauth2(demo).queryParam("size", 100)
                .get(Platform.FLOWS + "/api/v1/flows/" + flowId + "/executions")
                .then().statusCode(200).body("size()", equalTo(1));

        // 8. Stopped, the webhook answers 404.
        given().auth().oauth2(demo).post(Platform.FLOWS + "/api/v1/flows/" + flowId + "/stop")
                .then().statusCode(202);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().head(hook).statusCode() == 404);
        given().contentType(ContentType.JSON).body(payload).post(hook)
                .then().statusCode(404)
                .body("error", equalTo("Flow " + flowId + " either does not exist or is inactive"));
    }

    @Test
    void adminApiWithoutTokenAnswers401() {
        given().get(Platform.FLOWS + "/api/v1/flows")
                .then().statusCode(401).body("error", notNullValue());
        given().get(Platform.CREDENTIALS + "/api/v1/credentials")
                .then().statusCode(401).body("error", notNullValue());
        given().auth().oauth2("not-a-token").get(Platform.FLOWS + "/api/v1/flows")
                .then().statusCode(401);
    }

    @Test
    void aFlowThatNamesAnUnknownCredentialIsRefused() {
        Map<String, Object> flow = Map.of("name", "Typo", "steps", List.of(
                Map.of("id", "step_1", "name", "Webhook", "component", "webhook", "function", "receive",
                        "credentialId", "000000000000000000000000")));
        given().auth().oauth2(demo).contentType(ContentType.JSON).body(flow)
                .post(Platform.FLOWS + "/api/v1/flows")
                .then().statusCode(400)
                .body("error", equalTo("step step_1: credentialId 000000000000000000000000 is not a credential of this workspace"));
    }

    @Test
    void unknownFlowWebhookAnswers404() {
        given().contentType(ContentType.JSON).body("{\"petname\":\"Gromit\"}")
                .post(Platform.INGRESS + "/hook/000000000000000000000000")
                .then().statusCode(404)
                .contentType(ContentType.JSON)
                .body("error", equalTo("Flow 000000000000000000000000 either does not exist or is inactive"));
        given().head(Platform.INGRESS + "/hook/000000000000000000000000").then().statusCode(404);
    }

    @Test
    void viewerCanReadButNotWriteAndOtherWorkspacesSeeNothing() {
        String flowId = given().auth().oauth2(demo).queryParam("size", 100)
                .get(Platform.FLOWS + "/api/v1/flows").then().statusCode(200)
                .extract().path("find { it.name == 'Gromit to Petstore' }.id");
        assertThat(flowId).as("the demo flow that ./hookflow up sets up").isNotNull();

        String viewer = Platform.token("viewer");
        given().auth().oauth2(viewer).get(Platform.FLOWS + "/api/v1/flows/" + flowId).then().statusCode(200);
        given().auth().oauth2(viewer).post(Platform.FLOWS + "/api/v1/flows/" + flowId + "/stop")
                .then().statusCode(403).body("error", notNullValue());

        String other = Platform.token("other");
        given().auth().oauth2(other).get(Platform.FLOWS + "/api/v1/flows/" + flowId)
                .then().statusCode(404).body("error", notNullValue());
        given().auth().oauth2(other).get(Platform.FLOWS + "/api/v1/flows")
                .then().statusCode(200).body("id", not(org.hamcrest.Matchers.hasItem(flowId)));
    }

    private static Response createCredential(String name, String type, Map<String, Object> config) {
        return given().auth().oauth2(demo).contentType(ContentType.JSON)
                .body(Map.of("name", name, "type", type, "config", config))
                .post(Platform.CREDENTIALS + "/api/v1/credentials");
    }

    private static Response verify(String credentialId) {
        return given().auth().oauth2(demo).post(Platform.CREDENTIALS + "/api/v1/credentials/" + credentialId + "/verify");
    }

    private static int petsNamed(String name) {
        List<String> names = given().header("api-key", Platform.PETSTORE_KEY).queryParam("status", "sold")
                .get(Platform.PETSTORE + "/v2/pet/findByStatus")
                .then().statusCode(200).extract().path("name");
        return (int) names.stream().filter(name::equals).count();
    }
}
