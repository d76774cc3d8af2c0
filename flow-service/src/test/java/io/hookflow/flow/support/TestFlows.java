package io.hookflow.flow.support;

import io.restassured.http.ContentType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Request bodies and calls shared by the tests. */
public final class TestFlows {

    public static final String WEBHOOK_CREDENTIAL = "65a1f0c2b7e4d3a2f1e0c9b8";
    public static final String PETSTORE_CREDENTIAL = "65a1f0c2b7e4d3a2f1e0c9b9";

    private TestFlows() {
    }

    public static Map<String, Object> webhookStep() {
        return Map.of("id", "step_1", "name", "Webhook", "component", "webhook", "function", "receive",
                "credentialId", WEBHOOK_CREDENTIAL, "sample", Map.of("petname", "Gromit", "petstatus", "Sold"));
    }

    public static Map<String, Object> createPetStep(Map<String, String> mapping) {
        return Map.of("id", "step_2", "name", "Create a pet", "component", "petstore", "function", "createPet",
                "credentialId", PETSTORE_CREDENTIAL, "mapping", mapping);
    }

    /** The step with another credential. */
    public static Map<String, Object> withCredential(Map<String, Object> step, String credentialId) {
        Map<String, Object> changed = new HashMap<>(step);
        changed.put("credentialId", credentialId);
        return changed;
    }

    /** A credential id no other test uses. */
    public static String newCredentialId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    public static Map<String, Object> flow(String name, List<Map<String, Object>> steps) {
        return Map.of("name", name, "description", "Creates a pet for each webhook", "steps", steps,
                "settings", Map.of("rateLimitPerSecond", 5, "rawData", false));
    }

    /** The tutorial's flow: a webhook and Petstore's createPet. */
    public static Map<String, Object> gromit() {
        return flow("Gromit to Petstore",
                List.of(webhookStep(), createPetStep(Map.of("name", "petname", "status", "petstatus"))));
    }

    /** Creates the tutorial's flow as the current test identity and answers its id. */
    public static String createGromit() {
        return given().contentType(ContentType.JSON).body(gromit())
                .when().post("/api/v1/flows")
                .then().statusCode(201)
                .extract().path("id");
    }
}
