package io.hookflow.e2e;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The executor's own Keycloak identity (client {@code hookflow-executor}, its secret from the local command) reads a
 * connector credential from credential-service only for a flow version, or draft, whose steps use it, as flow-service
 * tells: docs/adr/0007-service-identities.md, addendum.
 */
class ScopedCredentialsIT {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static String demo;
    private static String executor;
    private static String usedKey;
    private static String used;
    private static String unused;
    private static String foreign;
    private static String flowId;

    @BeforeAll
    static void setUp() {
        demo = Platform.token("demo");
        executor = serviceToken("executor");
        usedKey = "used-" + random();
        used = createCredential(demo, "Scoped used", "petstore", Map.of("apiKey", usedKey));
        unused = createCredential(demo, "Scoped unused", "petstore", Map.of("apiKey", "unused-" + random()));
        foreign = createCredential(Platform.token("other"), "Scoped foreign", "petstore",
                Map.of("apiKey", "foreign-" + random()));
        String hook = createCredential(demo, "Scoped hook", "webhook-noauth", Map.of());
        flowId = given().auth().oauth2(demo).contentType(ContentType.JSON)
                .body(Map.of("name", "Scoped " + UUID.randomUUID().toString().substring(0, 8), "steps", steps(hook, used)))
                .post(Platform.FLOWS + "/api/v1/flows").then().statusCode(201).extract().path("id");
        given().auth().oauth2(demo).post(Platform.FLOWS + "/api/v1/flows/" + flowId + "/publish").then().statusCode(201);
        // the draft moves on to the unused credential; version 1 keeps the used one
        given().auth().oauth2(demo).contentType(ContentType.JSON)
                .body(Map.of("name", "Scoped draft", "steps", steps(hook, unused)))
                .put(Platform.FLOWS + "/api/v1/flows/" + flowId).then().statusCode(200);
    }

    @Test
    void theExecutorReadsACredentialOfTheFlowVersionItNames() {
        given().auth().oauth2(executor).queryParam("flowId", flowId).queryParam("version", 1)
                .when().get(Platform.CREDENTIALS + "/internal/credentials/" + used)
                .then().statusCode(200)
                .body("id", equalTo(used))
                .body("config.apiKey", equalTo(usedKey));
    }

    @Test
    void theExecutorIsRefusedACredentialTheFlowVersionDoesNotUse() {
        String body = given().auth().oauth2(executor).queryParam("flowId", flowId).queryParam("version", 1)
                .when().get(Platform.CREDENTIALS + "/internal/credentials/" + unused)
                .then().statusCode(403)
                .contentType(ContentType.JSON)
                .body("error", containsString("Flow " + flowId + " version 1 does not use credential " + unused))
                .extract().asString();
        assertThat(body).doesNotContain("unused-");
        given().auth().oauth2(executor).queryParam("flowId", flowId).queryParam("version", 1)
                .when().get(Platform.CREDENTIALS + "/internal/credentials/" + foreign)
                .then().statusCode(403)
                .contentType(ContentType.JSON);
    }

    @Test
    void theExecutorReadsTheDraftsCredentialForATrialRunOnly() {
        given().auth().oauth2(executor).queryParam("flowId", flowId).queryParam("draft", true)
                .when().get(Platform.CREDENTIALS + "/internal/credentials/" + unused)
                .then().statusCode(200)
                .body("id", equalTo(unused));
        given().auth().oauth2(executor).queryParam("flowId", flowId).queryParam("draft", true)
                .when().get(Platform.CREDENTIALS + "/internal/credentials/" + used)
                .then().statusCode(403)
                .body("error", containsString("The draft of flow " + flowId + " does not use credential " + used));
    }

    @Test
    void theExecutorMustNameTheFlow() {
        given().auth().oauth2(executor)
                .when().get(Platform.CREDENTIALS + "/internal/credentials/" + used)
                .then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("error", containsString("send flowId"));
    }

    @Test
    void ingressIsRefusedAConnectorCredentialWhateverFlowItNames() {
        given().auth().oauth2(serviceToken("ingress")).queryParam("flowId", flowId).queryParam("version", 1)
                .when().get(Platform.CREDENTIALS + "/internal/credentials/" + used)
                .then().statusCode(403)
                .contentType(ContentType.JSON)
                .body("error", equalTo("Ingress may read webhook credentials only."));
    }

    // --- helpers ---------------------------------------------------------------------------------------

    /** A client-credentials token of service {@code name}, with the secret the local command generated for it. */
    private static String serviceToken(String name) {
        return given().contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", "hookflow-" + name)
                .formParam("client_secret", Platform.localSecret("client-" + name))
                .when().post(Platform.KEYCLOAK + "/protocol/openid-connect/token")
                .then().statusCode(200)
                .extract().path("access_token");
    }

    private static String createCredential(String token, String name, String type, Map<String, Object> config) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("name", name, "type", type, "config", config))
                .post(Platform.CREDENTIALS + "/api/v1/credentials")
                .then().statusCode(201).extract().path("id");
    }

    private static List<Map<String, Object>> steps(String webhookCredential, String petstoreCredential) {
        return List.of(
                Map.of("id", "step_1", "name", "Webhook", "component", "webhook", "function", "receive",
                        "credentialId", webhookCredential),
                Map.of("id", "step_2", "name", "Create a pet", "component", "petstore", "function", "createPet",
                        "credentialId", petstoreCredential, "mapping", Map.of("name", "petname")));
    }

    private static String random() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
