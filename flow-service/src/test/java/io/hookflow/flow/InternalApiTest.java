package io.hookflow.flow;

import io.hookflow.flow.service.FlowService;
import io.hookflow.flow.support.PlatformTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@TestProfile(PlatformTestProfile.class)
class InternalApiTest {

    private static final String HEADER = "X-Hookflow-Internal-Token";

    @Inject
    FlowService flows;

    @Test
    void servesAPublishedVersionToTheHolderOfTheInternalToken() {
        String id = flows.create("demo", "Internal", null, List.of(
                new FlowStep("step_1", "Webhook", null, "webhook", "receive", "cred-1", null, null),
                new FlowStep("step_2", "Create a pet", null, "petstore", "createPet", "cred-2", null,
                        Map.of("name", "petname"))), null).id;
        flows.publish("demo", id);

        given().header(HEADER, "test-token")
                .when().get("/internal/flows/" + id + "/versions/1")
                .then().statusCode(200)
                .body("flowId", equalTo(id))
                .body("workspace", equalTo("demo"))
                .body("name", equalTo("Internal"))
                .body("version", equalTo(1))
                .body("steps[0].credentialId", equalTo("cred-1"))
                .body("steps[1].mapping.name", equalTo("petname"))
                .body("settings.size()", equalTo(0));
        given().header(HEADER, "test-token")
                .when().get("/internal/flows/" + id + "/versions/2")
                .then().statusCode(404).body("error", equalTo("Flow " + id + " has no version 2"));
        given().header(HEADER, "test-token")
                .when().get("/internal/flows/ffffffffffffffffffffffff/versions/1")
                .then().statusCode(404);
    }

    @Test
    void refusesAMissingOrWrongInternalToken() {
        given().when().get("/internal/flows/ffffffffffffffffffffffff/versions/1")
                .then().statusCode(401)
                .body("error", equalTo("missing or wrong X-Hookflow-Internal-Token header"));
        given().header(HEADER, "test-tokem")
                .when().get("/internal/flows/ffffffffffffffffffffffff/versions/1")
                .then().statusCode(401);
    }
}
