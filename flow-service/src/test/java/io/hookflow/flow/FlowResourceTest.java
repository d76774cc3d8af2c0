package io.hookflow.flow;

import io.hookflow.flow.support.CredentialStubResource;
import io.hookflow.flow.support.PlatformTestProfile;
import io.hookflow.flow.support.TestFlows;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.hookflow.flow.support.TestFlows.createPetStep;
import static io.hookflow.flow.support.TestFlows.flow;
import static io.hookflow.flow.support.TestFlows.webhookStep;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@TestProfile(PlatformTestProfile.class)
@TestSecurity(user = "demo", roles = {"flows.read", "flows.write", "flows.control", "executions.read"})
@OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
class FlowResourceTest {

    @Test
    void createsAnInactiveFlowWithItsDraftAndWebhookUrl() {
        String id = given().contentType(ContentType.JSON).body(TestFlows.gromit())
                .when().post("/api/v1/flows")
                .then().statusCode(201)
                .header("Location", matchesPattern(".*/api/v1/flows/[0-9a-f]{24}$"))
                .body("id", matchesPattern("[0-9a-f]{24}"))
                .body("name", equalTo("Gromit to Petstore"))
                .body("description", equalTo("Creates a pet for each webhook"))
                .body("status", equalTo("inactive"))
                .body("activeVersion", nullValue())
                .body("draft.steps[0].component", equalTo("webhook"))
                .body("draft.steps[0].sample.petname", equalTo("Gromit"))
                .body("draft.steps[1].mapping.name", equalTo("petname"))
                .body("draft.settings.rateLimitPerSecond", equalTo(5))
                .body("createdAt", not(nullValue()))
                .extract().path("id");

        given().when().get("/api/v1/flows/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("webhookUrl", equalTo("http://localhost:8080/hook/" + id))
                .body("draft.steps[1].function", equalTo("createPet"));
    }

    @Test
    void listsFlowsNewestFirstWithTotalCount() {
        String older = TestFlows.createGromit();
        String newer = TestFlows.createGromit();

        List<String> ids = given().when().get("/api/v1/flows?page=0&size=100")
                .then().statusCode(200)
                .extract().jsonPath().getList("id", String.class);
        assertThat(ids).containsSubsequence(newer, older);

        String total = given().when().get("/api/v1/flows?size=1")
                .then().statusCode(200)
                .body("size()", equalTo(1))
                .extract().header("X-Total-Count");
        assertThat(Long.parseLong(total)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void listsSummariesWithoutDraftsAndTheDetailWithEverything() {
        String id = TestFlows.createGromit();
        given().when().post("/api/v1/flows/" + id + "/publish").then().statusCode(201);
        given().when().post("/api/v1/flows/" + id + "/publish").then().statusCode(201);
        given().when().post("/api/v1/flows/" + id + "/start").then().statusCode(202);

        Map<String, Object> summary = given().when().get("/api/v1/flows?size=100")
                .then().statusCode(200)
                .extract().jsonPath().getMap("find { it.id == '" + id + "' }");
        assertThat(summary).containsOnlyKeys("id", "name", "status", "activeVersion", "latestVersion", "webhookUrl",
                "createdAt", "updatedAt");
        assertThat(summary).containsEntry("name", "Gromit to Petstore").containsEntry("status", "active")
                .containsEntry("activeVersion", 2).containsEntry("latestVersion", 2)
                .containsEntry("webhookUrl", "http://localhost:8080/hook/" + id);

        String unpublished = TestFlows.createGromit();
        given().when().get("/api/v1/flows?size=100")
                .then().statusCode(200)
                .body("find { it.id == '" + unpublished + "' }.latestVersion", nullValue())
                .body("find { it.id == '" + unpublished + "' }.status", equalTo("inactive"));

        given().when().get("/api/v1/flows/" + id)
                .then().statusCode(200)
                .body("description", equalTo("Creates a pet for each webhook"))
                .body("draft.steps.size()", equalTo(2))
                .body("draft.steps[1].mapping.status", equalTo("petstatus"))
                .body("draft.settings.rateLimitPerSecond", equalTo(5));
    }

    @Test
    void rejectsAPageSizeOutOfRange() {
        given().when().get("/api/v1/flows?size=101")
                .then().statusCode(400).body("error", containsString("size"));
    }

    @Test
    void replacesTheDraft() {
        String id = TestFlows.createGromit();
        Map<String, Object> replacement = Map.of("name", "Renamed",
                "steps", List.of(webhookStep(), createPetStep(Map.of("name", "$uppercase(petname)"))));

        given().contentType(ContentType.JSON).body(replacement)
                .when().put("/api/v1/flows/" + id)
                .then().statusCode(200)
                .body("name", equalTo("Renamed"))
                .body("description", nullValue())
                .body("draft.steps[1].mapping.name", equalTo("$uppercase(petname)"))
                .body("draft.steps[1].mapping", not(org.hamcrest.Matchers.hasKey("status")))
                .body("draft.settings.size()", equalTo(0));

        given().when().get("/api/v1/flows/" + id)
                .then().statusCode(200).body("name", equalTo("Renamed"));
    }

    @Test
    void deletesAFlow() {
        String id = TestFlows.createGromit();
        given().when().delete("/api/v1/flows/" + id).then().statusCode(204);
        given().when().get("/api/v1/flows/" + id)
                .then().statusCode(404).body("error", equalTo("Flow " + id + " does not exist"));
    }

    @Test
    void rejectsAMappingThatIsNotJsonata() {
        expect400(flow("Bad", List.of(webhookStep(), createPetStep(Map.of("name", "petname +")))),
                "step step_2: mapping.name is not a valid JSONata expression");
    }

    @Test
    void rejectsAnUnknownComponent() {
        Map<String, Object> step = Map.of("id", "step_2", "component", "nosuch", "function", "createPet");
        expect400(flow("Bad", List.of(webhookStep(), step)), "step step_2: component nosuch does not exist");
    }

    @Test
    void rejectsAnUnknownFunction() {
        Map<String, Object> step = Map.of("id", "step_2", "component", "petstore", "function", "deletePet");
        expect400(flow("Bad", List.of(webhookStep(), step)),
                "step step_2: function deletePet does not exist in component petstore");
    }

    @Test
    void rejectsAMissingRequiredMapping() {
        expect400(flow("Bad", List.of(webhookStep(), createPetStep(Map.of("status", "petstatus")))),
                "step step_2: mapping.name is required by petstore.createPet");
    }

    @Test
    void rejectsAMappedFieldTheActionDoesNotHave() {
        expect400(flow("Bad", List.of(webhookStep(), createPetStep(Map.of("name", "petname", "colour", "'red'")))),
                "step step_2: mapping.colour is not an input field of petstore.createPet");
    }

    @Test
    void rejectsAFirstStepThatIsNotTheWebhook() {
        expect400(flow("Bad", List.of(createPetStep(Map.of("name", "petname")))),
                "step step_2: the first step must be the trigger");
    }

    @Test
    void rejectsAWebhookWithoutCredential() {
        Map<String, Object> trigger = Map.of("id", "step_1", "component", "webhook", "function", "receive");
        expect400(flow("Bad", List.of(trigger)), "step step_1: credentialId is required");
    }

    @Test
    void rejectsCredentialsThatAreUnknownOrOfAnotherWorkspace() {
        Map<String, Object> unknown = Map.of("id", "step_1", "component", "webhook", "function", "receive",
                "credentialId", "000000000000000000000000");
        expect400(flow("Bad", List.of(unknown)),
                "step step_1: credentialId 000000000000000000000000 is not a credential of this workspace");
        Map<String, Object> elsewhere = Map.of("id", "step_1", "component", "webhook", "function", "receive",
                "credentialId", CredentialStubResource.OTHER_WORKSPACE_CREDENTIAL);
        expect400(flow("Bad", List.of(elsewhere)), "is not a credential of this workspace");
    }

    @Test
    void rejectsCredentialsOfTheWrongTypeAndActionsWithoutOne() {
        Map<String, Object> petstoreTrigger = Map.of("id", "step_1", "component", "webhook", "function", "receive",
                "credentialId", TestFlows.PETSTORE_CREDENTIAL);
        expect400(flow("Bad", List.of(petstoreTrigger)), "the webhook trigger needs a webhook-* credential");
        Map<String, Object> webhookAction = Map.of("id", "step_2", "component", "petstore", "function", "createPet",
                "credentialId", TestFlows.WEBHOOK_CREDENTIAL, "mapping", Map.of("name", "petname"));
        expect400(flow("Bad", List.of(webhookStep(), webhookAction)),
                "step step_2: credential " + TestFlows.WEBHOOK_CREDENTIAL + " is a webhook-noauth credential; "
                        + "component petstore needs a petstore credential");
        Map<String, Object> noCredential = Map.of("id", "step_2", "component", "petstore", "function", "createPet",
                "mapping", Map.of("name", "petname"));
        expect400(flow("Bad", List.of(webhookStep(), noCredential)),
                "step step_2: credentialId is required by component petstore");
    }

    @Test
    void rejectsDuplicateStepIdsEmptyStepsAndBadSettings() {
        List<Map<String, Object>> twice = new ArrayList<>(List.of(webhookStep(),
                createPetStep(Map.of("name", "petname")), createPetStep(Map.of("name", "petname"))));
        expect400(flow("Bad", twice), "step step_2: id is used by more than one step");
        expect400(Map.of("name", "Bad", "steps", List.of()), "steps must hold at least the webhook trigger");
        expect400(Map.of("name", "Bad", "steps", List.of(webhookStep()), "settings", Map.of("rateLimitPerSecond", 0)),
                "settings.rateLimitPerSecond must be an integer from 1 to 100000");
        expect400(Map.of("name", "Bad", "steps", List.of(webhookStep()), "settings", Map.of("rawData", "yes")),
                "settings.rawData must be true or false");
        expect400(Map.of("steps", List.of(webhookStep())), "name is required");
    }

    @Test
    void checksTheFlowsRetrySettings() {
        expect400(Map.of("name", "Bad", "steps", List.of(webhookStep()), "settings", Map.of("retry", 3)),
                "settings.retry must be an object with maxAttempts and/or maxAge");
        expect400(Map.of("name", "Bad", "steps", List.of(webhookStep()),
                "settings", Map.of("retry", Map.of("maxAttempts", 0))), "settings.retry.maxAttempts must be a positive integer");
        expect400(Map.of("name", "Bad", "steps", List.of(webhookStep()),
                "settings", Map.of("retry", Map.of("maxAge", "a day"))),
                "settings.retry.maxAge must be an ISO-8601 duration from PT1S to P30D, e.g. \"PT24H\"");
        expect400(Map.of("name", "Bad", "steps", List.of(webhookStep()),
                "settings", Map.of("retry", Map.of("maxAge", "P31D"))),
                "settings.retry.maxAge must be an ISO-8601 duration from PT1S to P30D, e.g. \"PT24H\"");
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "Retries", "steps", List.of(webhookStep()),
                        "settings", Map.of("retry", Map.of("maxAttempts", 10, "maxAge", "PT2H"))))
                .when().post("/api/v1/flows")
                .then().statusCode(201)
                .body("draft.settings.retry.maxAttempts", equalTo(10))
                .body("draft.settings.retry.maxAge", equalTo("PT2H"));
    }

    @Test
    void answers503WhenAConnectorIsDownAndNothingIsCached() {
        Map<String, Object> step = Map.of("id", "step_2", "component", "broken", "function", "anything");
        given().contentType(ContentType.JSON).body(flow("Broken", List.of(webhookStep(), step)))
                .when().post("/api/v1/flows")
                .then().statusCode(503)
                .body("error", equalTo("connector broken is unavailable"));
    }

    @Test
    void listsTheComponentCatalogue() {
        given().when().get("/api/v1/components")
                .then().statusCode(200)
                .body("id", hasItem("webhook"))
                .body("id", hasItem("petstore"))
                .body("id", not(hasItem("broken")))
                .body("find { it.id == 'webhook' }.triggers[0].id", equalTo("receive"))
                .body("find { it.id == 'petstore' }.actions[0].input[0].name", equalTo("name"));
    }

    @Test
    void answers413JsonForAnOversizedBody() {
        String big = "{\"name\":\"" + "x".repeat(1100 * 1024) + "\"}"; // the test limit is 1M
        given().contentType(ContentType.JSON).body(big)
                .when().post("/api/v1/flows")
                .then().statusCode(413)
                .contentType(ContentType.JSON)
                .body("error", containsString("larger than"));
    }

    @Test
    void answersJsonErrorsForMalformedBodiesUnknownIdsAndPaths() {
        given().contentType(ContentType.JSON).body("{\"name\": ")
                .when().post("/api/v1/flows")
                .then().statusCode(400).body("error", equalTo("The request body is not valid JSON"));
        given().contentType(ContentType.JSON).body("{\"name\":\"x\",\"steps\":\"nope\"}")
                .when().post("/api/v1/flows")
                .then().statusCode(400).body("error", containsString("steps"));
        given().contentType(ContentType.TEXT).body("hello")
                .when().post("/api/v1/flows")
                .then().statusCode(415).body("error", not(nullValue()));
        given().when().get("/api/v1/flows/ffffffffffffffffffffffff")
                .then().statusCode(404).body("error", equalTo("Flow ffffffffffffffffffffffff does not exist"));
        given().when().get("/api/v1/nothing-here")
                .then().statusCode(404).body("error", not(nullValue()));
        given().when().patch("/api/v1/flows")
                .then().statusCode(405).body("error", not(nullValue()));
    }

    private static void expect400(Map<String, Object> body, String message) {
        given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/flows")
                .then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("error", containsString(message));
    }
}
