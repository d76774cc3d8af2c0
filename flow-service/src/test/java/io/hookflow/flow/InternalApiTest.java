package io.hookflow.flow;

import io.hookflow.flow.service.FlowService;
import io.hookflow.flow.support.CredentialStubResource;
import io.hookflow.flow.support.PlatformTestProfile;
import io.hookflow.flow.support.TestFlows;
import io.hookflow.testsupport.ServiceTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@TestProfile(PlatformTestProfile.class)
class InternalApiTest {


    @Inject
    FlowService flows;

    @Test
    void servesAPublishedVersionToTheExecutor() {
        String id = flows.create("demo", "Internal", null, List.of(
                new FlowStep("step_1", "Webhook", null, "webhook", "receive", "cred-1", null, null),
                new FlowStep("step_2", "Create a pet", null, "petstore", "createPet", "cred-2", null,
                        Map.of("name", "petname"))), null).flow().id;
        flows.publish("demo", id);

        given().auth().oauth2(ServiceTokens.service("executor"))
                .when().get("/internal/flows/" + id + "/versions/1")
                .then().statusCode(200)
                .body("flowId", equalTo(id))
                .body("workspace", equalTo("demo"))
                .body("name", equalTo("Internal"))
                .body("version", equalTo(1))
                .body("steps[0].credentialId", equalTo("cred-1"))
                .body("steps[1].mapping.name", equalTo("petname"))
                .body("settings.size()", equalTo(0));
        given().auth().oauth2(ServiceTokens.service("executor"))
                .when().get("/internal/flows/" + id + "/versions/2")
                .then().statusCode(404).body("error", equalTo("Flow " + id + " has no version 2"));
        given().auth().oauth2(ServiceTokens.service("executor"))
                .when().get("/internal/flows/ffffffffffffffffffffffff/versions/1")
                .then().statusCode(404);
    }

    @Test
    void listsTheActiveFlowsWhoseLiveVersionUsesACredential() {
        String workspace = "usage-" + UUID.randomUUID();
        String elsewhere = "usage-" + UUID.randomUUID();
        String hook = credential(workspace, "webhook-noauth");
        String petA = credential(workspace, "petstore");
        String petB = credential(workspace, "petstore");
        String otherHook = credential(elsewhere, "webhook-noauth");
        String otherPet = credential(elsewhere, "petstore");

        String active = flows.create(workspace, "B active", null, steps(hook, petA), null).flow().id;
        flows.publish(workspace, active);
        flows.start(workspace, active);
        String neverStarted = flows.create(workspace, "A never started", null, steps(hook, petA), null).flow().id;
        flows.publish(workspace, neverStarted);
        String stopped = flows.create(workspace, "C stopped", null, steps(hook, petA), null).flow().id;
        flows.publish(workspace, stopped);
        flows.start(workspace, stopped);
        flows.stop(workspace, stopped);
        // Live on petA, draft moved to petB: the draft alone does not put petB in use.
        String moving = flows.create(workspace, "D moving", null, steps(hook, petA), null).flow().id;
        flows.publish(workspace, moving);
        flows.start(workspace, moving);
        flows.replace(workspace, moving, "D moving", null, steps(hook, petB), null);
        flows.create(workspace, "E unpublished", null, steps(hook, petB), null);
        String foreign = flows.create(elsewhere, "Elsewhere", null, steps(otherHook, otherPet), null).flow().id;
        flows.publish(elsewhere, foreign);
        flows.start(elsewhere, foreign);

        usage(petA, workspace)
                .body("credentialId", equalTo(petA))
                .body("activeFlows.id", contains(active, moving))
                .body("activeFlows.name", contains("B active", "D moving"))
                .body("activeFlows[0].size()", equalTo(2));
        usage(hook, workspace).body("activeFlows.id", contains(active, moving));
        usage(petB, workspace).body("credentialId", equalTo(petB)).body("activeFlows", empty());
        usage(petA.substring(0, 23), workspace).body("activeFlows", empty());
        usage(petA, elsewhere).body("activeFlows", empty());
        usage(otherPet, workspace).body("activeFlows", empty());
        usage(otherPet, elsewhere).body("activeFlows.id", contains(foreign));
        usage("never-created", workspace).body("credentialId", equalTo("never-created")).body("activeFlows", empty());

        // Publishing while active moves the live version, and with it the use, to petB.
        flows.publish(workspace, moving);
        usage(petB, workspace).body("activeFlows.id", contains(moving));
        usage(petA, workspace).body("activeFlows.id", contains(active));
    }

    @Test
    void tellsCredentialServiceTheCredentialsOfAVersionAndOfTheDraft() {
        String workspace = "scope-" + UUID.randomUUID();
        String hook = credential(workspace, "webhook-noauth");
        String petA = credential(workspace, "petstore");
        String petB = credential(workspace, "petstore");
        String id = flows.create(workspace, "Scoped", null, List.of(
                new FlowStep("step_1", "Webhook", null, "webhook", "receive", hook, null, null),
                new FlowStep("step_2", "Create a pet", null, "petstore", "createPet", petA, null,
                        Map.of("name", "petname")),
                new FlowStep("step_3", "Create another", null, "petstore", "createPet", petA, null,
                        Map.of("name", "petname"))), null).flow().id;
        flows.publish(workspace, id);
        // the draft moves on to petB: version 1 still references petA only
        flows.replace(workspace, id, "Scoped", null, steps(hook, petB), null);

        asCredentialService().when().get("/internal/flows/" + id + "/versions/1/credentials")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("flowId", equalTo(id))
                .body("workspace", equalTo(workspace))
                .body("credentialIds", contains(hook, petA));
        asCredentialService().when().get("/internal/flows/" + id + "/draft/credentials")
                .then().statusCode(200)
                .body("flowId", equalTo(id))
                .body("workspace", equalTo(workspace))
                .body("credentialIds", contains(hook, petB));
    }

    @Test
    void answers404ForTheCredentialsOfAnUnknownFlowOrVersion() {
        String id = flows.create("demo", "Unpublished", null, List.of(
                new FlowStep("step_1", "Webhook", null, "webhook", "receive", "cred-1", null, null)), null).flow().id;
        asCredentialService().when().get("/internal/flows/" + id + "/versions/1/credentials")
                .then().statusCode(404)
                .contentType(ContentType.JSON)
                .body("error", equalTo("Flow " + id + " has no version 1"));
        asCredentialService().when().get("/internal/flows/" + id + "/versions/latest/credentials")
                .then().statusCode(404);
        asCredentialService().when().get("/internal/flows/ffffffffffffffffffffffff/versions/1/credentials")
                .then().statusCode(404);
        asCredentialService().when().get("/internal/flows/ffffffffffffffffffffffff/draft/credentials")
                .then().statusCode(404)
                .body("error", equalTo("Flow ffffffffffffffffffffffff does not exist"));
    }

    @Test
    void tellsTheCredentialsOfAFlowToCredentialServiceOnly() {
        String id = flows.create("demo", "Guarded", null, List.of(
                new FlowStep("step_1", "Webhook", null, "webhook", "receive", "cred-1", null, null)), null).flow().id;
        flows.publish("demo", id);
        for (String path : List.of("/versions/1/credentials", "/draft/credentials")) {
            given().when().get("/internal/flows/" + id + path)
                    .then().statusCode(401)
                    .contentType(ContentType.JSON)
                    .body("error", equalTo("An internal call needs a valid service token (Authorization: Bearer)."));
            given().auth().oauth2(ServiceTokens.token("hookflow-credential", "hookflow-api"))
                    .when().get("/internal/flows/" + id + path)
                    .then().statusCode(401);
            for (String other : List.of("ingress", "executor", "flow", "petstore")) {
                given().auth().oauth2(ServiceTokens.service(other))
                        .when().get("/internal/flows/" + id + path)
                        .then().statusCode(403)
                        .contentType(ContentType.JSON)
                        .body("error", equalTo("This internal endpoint does not answer " + other + "."));
            }
            asCredentialService().when().get("/internal/flows/" + id + path)
                    .then().statusCode(200).body("credentialIds", contains("cred-1"));
        }
    }

    @Test
    void requiresTheWorkspaceOfTheCredential() {
        given().auth().oauth2(ServiceTokens.service("credential"))
                .when().get("/internal/flows/using-credential/cred-1")
                .then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("error", equalTo("the query parameter workspace is required"));
        given().auth().oauth2(ServiceTokens.service("credential")).queryParam("workspace", " ")
                .when().get("/internal/flows/using-credential/cred-1")
                .then().statusCode(400)
                .body("error", equalTo("the query parameter workspace is required"));
    }

    @Test
    void refusesToTellCredentialUseWithoutAValidServiceToken() {
        given().queryParam("workspace", "demo")
                .when().get("/internal/flows/using-credential/cred-1")
                .then().statusCode(401)
                .contentType(ContentType.JSON)
                .body("error", equalTo("An internal call needs a valid service token (Authorization: Bearer)."));
        given().auth().oauth2(ServiceTokens.badlySigned("credential")).queryParam("workspace", "demo")
                .when().get("/internal/flows/using-credential/cred-1")
                .then().statusCode(401)
                .contentType(ContentType.JSON);
        given().header("X-Hookflow-Internal-Token", "test-token").queryParam("workspace", "demo")
                .when().get("/internal/flows/using-credential/cred-1")
                .then().statusCode(401);
    }

    @Test
    void refusesAnAdminTokenOnTheInternalApi() {
        given().auth().oauth2(ServiceTokens.token("hookflow-cli", "hookflow-api"))
                .when().get("/internal/flows/ffffffffffffffffffffffff/versions/1")
                .then().statusCode(401)
                .contentType(ContentType.JSON);
        given().auth().oauth2(ServiceTokens.token("hookflow-executor", "hookflow-api"))
                .when().get("/internal/flows/ffffffffffffffffffffffff/versions/1")
                .then().statusCode(401);
    }

    @Test
    void servesEachEndpointToItsCallerOnly() {
        for (String other : List.of("ingress", "credential", "flow", "petstore")) {
            given().auth().oauth2(ServiceTokens.service(other))
                    .when().get("/internal/flows/ffffffffffffffffffffffff/versions/1")
                    .then().statusCode(403)
                    .contentType(ContentType.JSON)
                    .body("error", equalTo("This internal endpoint does not answer " + other + "."));
        }
        for (String other : List.of("ingress", "executor", "flow", "petstore")) {
            given().auth().oauth2(ServiceTokens.service(other)).queryParam("workspace", "demo")
                    .when().get("/internal/flows/using-credential/cred-1")
                    .then().statusCode(403)
                    .contentType(ContentType.JSON);
        }
    }

    @Test
    void refusesServiceTokensOnTheAdminApi() {
        given().auth().oauth2(ServiceTokens.service("executor"))
                .when().get("/api/v1/flows")
                .then().statusCode(401)
                .contentType(ContentType.JSON);
    }

    private static String credential(String workspace, String type) {
        String id = TestFlows.newCredentialId();
        CredentialStubResource.register(id, workspace, type);
        return id;
    }

    private static List<FlowStep> steps(String webhookCredential, String petstoreCredential) {
        return List.of(
                new FlowStep("step_1", "Webhook", null, "webhook", "receive", webhookCredential, null, null),
                new FlowStep("step_2", "Create a pet", null, "petstore", "createPet", petstoreCredential, null,
                        Map.of("name", "petname")));
    }

    private static RequestSpecification asCredentialService() {
        return given().auth().oauth2(ServiceTokens.service("credential"));
    }

    private static ValidatableResponse usage(String credentialId, String workspace) {
        return given().auth().oauth2(ServiceTokens.service("credential")).queryParam("workspace", workspace)
                .when().get("/internal/flows/using-credential/" + credentialId)
                .then().statusCode(200).contentType(ContentType.JSON);
    }
}
