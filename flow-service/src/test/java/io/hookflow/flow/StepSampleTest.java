package io.hookflow.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookflow.flow.service.FlowService;
import io.hookflow.flow.service.ResourceNotFoundException;
import io.hookflow.flow.service.SampleService;
import io.hookflow.flow.support.PlatformTestProfile;
import io.hookflow.flow.support.TestFlows;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.hookflow.flow.support.TestFlows.createPetStep;
import static io.hookflow.flow.support.TestFlows.webhookStep;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@TestProfile(PlatformTestProfile.class)
@TestSecurity(user = "demo", roles = {"flows.read", "flows.write", "flows.control"})
@OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
class StepSampleTest {

    private static final int SAMPLE_BYTES = 256 * 1024;

    @Inject
    SampleService samples;

    @Inject
    ObjectMapper objectMapper;

    @Inject
    FlowService flows;

    @Test
    void theDraftsSampleIsTheStepsManualSampleAndAPutReplacesIt() {
        String id = TestFlows.createGromit();
        given().when().get(sample(id, "step_1"))
                .then().statusCode(200)
                .body("stepId", equalTo("step_1"))
                .body("source", equalTo("manual"))
                .body("sample.petname", equalTo("Gromit"))
                .body("updatedAt", notNullValue())
                .body("$", not(hasKey("note")));

        given().contentType(ContentType.JSON).body(Map.of("petname", "Feathers", "petstatus", "Pending"))
                .when().put(sample(id, "step_1"))
                .then().statusCode(200)
                .body("source", equalTo("manual"))
                .body("sample.petname", equalTo("Feathers"));
        given().when().get(sample(id, "step_1"))
                .then().statusCode(200).body("sample.petstatus", equalTo("Pending"));
        given().when().get("/api/v1/flows/" + id)
                .then().statusCode(200).body("draft.steps[0].sample.petname", equalTo("Feathers"));
    }

    @Test
    void answers404ForAnUnknownFlowStepOrSample() {
        String id = TestFlows.createGromit();
        given().when().get(sample("ffffffffffffffffffffffff", "step_1"))
                .then().statusCode(404).body("error", equalTo("Flow ffffffffffffffffffffffff does not exist"));
        given().when().get(sample(id, "step_9"))
                .then().statusCode(404).body("error", equalTo("Flow " + id + " has no step step_9"));
        given().contentType(ContentType.JSON).body(Map.of("a", 1)).when().put(sample(id, "step_9"))
                .then().statusCode(404).body("error", equalTo("Flow " + id + " has no step step_9"));
        given().when().get(sample(id, "step_2"))
                .then().statusCode(404).body("error", equalTo("Step step_2 of flow " + id + " has no sample"));
        given().when().post("/api/v1/flows/" + id + "/steps/step_9/generate-sample")
                .then().statusCode(404).body("error", equalTo("Flow " + id + " has no step step_9"));
    }

    @Test
    void refusesASampleThatIsNotAJsonObject() {
        String id = TestFlows.createGromit();
        expectPut400(id, "[{\"petname\":\"Gromit\"}]", "step step_1: sample must be a JSON object, not an array");
        expectPut400(id, "\"Gromit\"", "step step_1: sample must be a JSON object, not a string");
        expectPut400(id, "42", "step step_1: sample must be a JSON object, not a number");
        expectPut400(id, "", "step step_1: sample must be a JSON object, and the request body is empty");
        expectPut400(id, "{\"petname\":", "The request body is not valid JSON");
        given().when().get(sample(id, "step_1")).then().statusCode(200).body("sample.petname", equalTo("Gromit"));
    }

    @Test
    void refusesASampleOver256KiBWith413() {
        String id = TestFlows.createGromit();
        given().contentType(ContentType.JSON).body(FlowLimitsTest.sampleOfSize(SAMPLE_BYTES + 1))
                .when().put(sample(id, "step_1"))
                .then().statusCode(413)
                .contentType(ContentType.JSON)
                .body("error", equalTo("step step_1: sample is 262145 bytes as JSON; a sample holds at most 262144 bytes"));
        given().contentType(ContentType.JSON).body(FlowLimitsTest.sampleOfSize(SAMPLE_BYTES))
                .when().put(sample(id, "step_1"))
                .then().statusCode(200).body("sample.s.length()", equalTo(SAMPLE_BYTES - 8));
    }

    @Test
    void generatesASampleFromTheActionsOutputFields() {
        String id = TestFlows.createGromit();
        given().when().post("/api/v1/flows/" + id + "/steps/step_2/generate-sample")
                .then().statusCode(201)
                .header("Location", endsWith("/api/v1/flows/" + id + "/steps/step_2/sample"))
                .body("stepId", equalTo("step_2"))
                .body("source", equalTo("generated"))
                .body("sample.id", equalTo(0))
                .body("sample.name", equalTo("string"))
                .body("sample.status", equalTo("string"));
        given().when().get(sample(id, "step_2"))
                .then().statusCode(200).body("source", equalTo("generated")).body("sample.size()", equalTo(3));

        given().when().post("/api/v1/flows/" + id + "/steps/step_1/generate-sample")
                .then().statusCode(400)
                .body("error", equalTo("step step_1: webhook.receive declares no output fields to make a sample of;"
                        + " add a sample with PUT /api/v1/flows/" + id + "/steps/step_1/sample or send a sample request"));
    }

    @Test
    void samplesSurvivePublishAndDraftsSentBackAndGoWithTheirStep() {
        String id = TestFlows.createGromit();
        given().when().post("/api/v1/flows/" + id + "/steps/step_2/generate-sample").then().statusCode(201);
        given().when().post("/api/v1/flows/" + id + "/publish").then().statusCode(201);
        given().when().get(sample(id, "step_2")).then().statusCode(200).body("source", equalTo("generated"));

        // The detail sent back as it is keeps where each sample came from.
        Map<String, Object> detail = given().when().get("/api/v1/flows/" + id)
                .then().statusCode(200).body("draft.steps[1].sample.name", equalTo("string"))
                .extract().jsonPath().getMap("$");
        @SuppressWarnings("unchecked")
        Map<String, Object> draft = (Map<String, Object>) detail.get("draft");
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "Gromit to Petstore", "steps", draft.get("steps"), "settings", draft.get("settings")))
                .when().put("/api/v1/flows/" + id)
                .then().statusCode(200).body("draft.steps[1].sample.name", equalTo("string"));
        given().when().get(sample(id, "step_2")).then().statusCode(200).body("source", equalTo("generated"));

        // A draft without a step drops its sample; a step sent without a sample keeps its own.
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "Gromit", "steps", List.of(webhookStepWithoutSample())))
                .when().put("/api/v1/flows/" + id)
                .then().statusCode(200).body("draft.steps[0].sample.petname", equalTo("Gromit"));
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "Gromit", "steps", List.of(webhookStep(), createPetStep(Map.of("name", "petname")))))
                .when().put("/api/v1/flows/" + id)
                .then().statusCode(200).body("draft.steps[1]", not(hasKey("sample")));
        given().when().get(sample(id, "step_2"))
                .then().statusCode(404).body("error", equalTo("Step step_2 of flow " + id + " has no sample"));

        // Published versions hold no samples: they are the draft's.
        given().when().get("/api/v1/flows/" + id + "/versions/1")
                .then().statusCode(200).body("steps[0]", not(hasKey("sample")));
    }

    @Test
    void deletesASample() {
        String id = TestFlows.createGromit();
        given().when().delete(sample(id, "step_1")).then().statusCode(204);
        given().when().get(sample(id, "step_1"))
                .then().statusCode(404).body("error", equalTo("Step step_1 of flow " + id + " has no sample"));
        given().when().delete(sample(id, "step_1")).then().statusCode(404);
        given().when().get("/api/v1/flows/" + id).then().statusCode(200).body("draft.steps[0]", not(hasKey("sample")));
    }

    @Test
    @TestSecurity(user = "viewer", roles = {"flows.read"})
    @OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
    void readingNeedsFlowsReadAndWritingFlowsWrite() {
        String id = samples.capture(createGromitIn("demo"), "step_1",
                SampleSource.REQUEST, objectMapper.createObjectNode().put("petname", "Gromit")).flowId();
        given().when().get(sample(id, "step_1")).then().statusCode(200).body("source", equalTo("request"));
        given().contentType(ContentType.JSON).body(Map.of("a", 1)).when().put(sample(id, "step_1"))
                .then().statusCode(403).body("error", notNullValue());
        given().when().delete(sample(id, "step_1")).then().statusCode(403);
        given().when().post("/api/v1/flows/" + id + "/steps/step_2/generate-sample").then().statusCode(403);
    }

    @Test
    @TestSecurity(user = "other", roles = {"flows.read", "flows.write"})
    @OidcSecurity(claims = @Claim(key = "workspace", value = "other"))
    void hidesAnotherWorkspacesSamples() {
        String id = createGromitIn("demo");
        given().when().get(sample(id, "step_1"))
                .then().statusCode(404).body("error", equalTo("Flow " + id + " does not exist"));
        given().contentType(ContentType.JSON).body(Map.of("a", 1)).when().put(sample(id, "step_1"))
                .then().statusCode(404);
    }

    @Test
    void keepsACapturedSampleOver256KiBAsItsInferredSchema() {
        String id = TestFlows.createGromit();
        ObjectNode big = objectMapper.createObjectNode();
        ArrayNode pets = big.putArray("pets");
        for (int i = 0; i < 5_000; i++) {
            ObjectNode pet = pets.addObject().put("petname", "Gromit the " + i + "th, a dog of some renown")
                    .put("age", i);
            if (i % 2 == 0) {
                pet.put("weight", 10.5);
            }
        }
        big.put("shop", "Wallace & Gromit");

        samples.capture(id, "step_2", SampleSource.RETRIEVED, big);
        JsonNode answer = objectMapper.valueToTree(given().when().get(sample(id, "step_2"))
                .then().statusCode(200)
                .body("source", equalTo("retrieved"))
                .body("note", equalTo("sample over 256 KiB kept as its inferred schema"))
                .extract().jsonPath().getMap("sample"));
        assertThat(answer).isEqualTo(objectMapper.valueToTree(Map.of("type", "object", "properties", Map.of(
                "shop", Map.of("type", "string"),
                "pets", Map.of("type", "array", "items", Map.of("type", "object", "properties", Map.of(
                        "petname", Map.of("type", "string"),
                        "age", Map.of("type", "integer"),
                        "weight", Map.of("type", "number"))))))));

        samples.capture(id, "step_1", SampleSource.REQUEST, objectMapper.createObjectNode().put("petname", "Gromit"));
        given().when().get(sample(id, "step_1"))
                .then().statusCode(200).body("source", equalTo("request")).body("$", not(hasKey("note")));
        assertThatThrownBy(() -> samples.capture(id, "step_9", SampleSource.REQUEST, objectMapper.createObjectNode()))
                .isInstanceOf(ResourceNotFoundException.class).hasMessage("Flow " + id + " has no step step_9");
    }

    /** The tutorial's flow, made in a workspace without going through the API (whose caller may not write). */
    private String createGromitIn(String workspace) {
        return flows.create(workspace, "Gromit to Petstore", null, List.of(
                new FlowStep("step_1", "Webhook", null, "webhook", "receive", TestFlows.WEBHOOK_CREDENTIAL,
                        objectMapper.createObjectNode().put("petname", "Gromit"), null),
                new FlowStep("step_2", "Create a pet", null, "petstore", "createPet", TestFlows.PETSTORE_CREDENTIAL,
                        null, Map.of("name", "petname"))), null).flow().id;
    }

    private static Map<String, Object> webhookStepWithoutSample() {
        Map<String, Object> step = new java.util.HashMap<>(webhookStep());
        step.remove("sample");
        return step;
    }

    private static void expectPut400(String id, String body, String message) {
        given().contentType(ContentType.JSON).body(body)
                .when().put(sample(id, "step_1"))
                .then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("error", equalTo(message));
    }

    private static String sample(String flowId, String stepId) {
        return "/api/v1/flows/" + flowId + "/steps/" + stepId + "/sample";
    }
}
