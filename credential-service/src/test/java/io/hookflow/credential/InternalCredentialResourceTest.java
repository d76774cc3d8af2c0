package io.hookflow.credential;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.credential.service.CredentialService;
import io.hookflow.testsupport.PostgresResource;
import io.hookflow.testsupport.ServiceTokens;
import io.hookflow.testsupport.TokenEndpointResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(StubConnectorResource.class)
@QuarkusTestResource(StubFlowServiceResource.class)
@QuarkusTestResource(TokenEndpointResource.class)
class InternalCredentialResourceTest {

    @Inject
    CredentialService service;

    private String hmacCredential() {
        return service.create("demo", "signed", "webhook-hmac",
                new ObjectMapper().valueToTree(Map.of("secret", "hmac-plain-secret", "algorithm", "sha512"))).id;
    }

    private String petstoreCredential() {
        return service.create("demo", "shop", "petstore",
                new ObjectMapper().valueToTree(Map.of("apiKey", "petstore-plain-key"))).id;
    }

    private static RequestSpecification as(String serviceName) {
        return given().auth().oauth2(ServiceTokens.service(serviceName));
    }

    @Test
    void refusesCallsWithoutAToken() {
        String id = hmacCredential();
        given().when().get("/internal/credentials/" + id)
                .then().statusCode(401)
                .contentType(ContentType.JSON)
                .body("error", containsString("service token"));
        given().when().get("/internal/credentials/" + id + "/summary").then().statusCode(401);
    }

    @Test
    void refusesATokenWhoseSignatureDoesNotVerify() {
        String id = hmacCredential();
        given().auth().oauth2(ServiceTokens.badlySigned("ingress")).when().get("/internal/credentials/" + id)
                .then().statusCode(401)
                .contentType(ContentType.JSON)
                .body("error", containsString("service token"));
    }

    @Test
    void refusesATokenMeantForTheAdminApi() {
        String id = hmacCredential();
        given().auth().oauth2(ServiceTokens.token("hookflow-ingress", "hookflow-api"))
                .when().get("/internal/credentials/" + id)
                .then().statusCode(401)
                .body("error", containsString("service token"));
        given().auth().oauth2(ServiceTokens.token("hookflow-cli", "hookflow-api"))
                .when().get("/internal/credentials/" + id + "/summary")
                .then().statusCode(401);
    }

    @Test
    void refusesTheOldSharedTokenHeader() {
        String id = hmacCredential();
        given().header("X-Hookflow-Internal-Token", "test-token").when().get("/internal/credentials/" + id)
                .then().statusCode(401);
    }

    @Test
    void returnsEveryFieldOfAWebhookCredentialToIngress() {
        String id = hmacCredential();
        as("ingress").when().get("/internal/credentials/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("workspace", equalTo("demo"))
                .body("type", equalTo("webhook-hmac"))
                .body("config", equalTo(Map.of(
                        "secret", "hmac-plain-secret",
                        "algorithm", "sha512",
                        "encoding", "hex",
                        "headerName", "x-eio-signature",
                        "replayProtection", false)));
    }

    @Test
    void refusesIngressAConnectorCredential() {
        String id = petstoreCredential();
        String body = as("ingress").when().get("/internal/credentials/" + id)
                .then().statusCode(403)
                .contentType(ContentType.JSON)
                .body("error", equalTo("Ingress may read webhook credentials only."))
                .extract().asString();
        assertThat(body).doesNotContain("petstore-plain-key");
    }

    @Test
    void returnsAConnectorCredentialToTheExecutorButNoWebhookCredential() {
        String petstore = petstoreCredential();
        String hmac = hmacCredential();
        StubFlowServiceResource.version("65a1f0c2b7e4d3a2f1e0c9c1", 1, "demo", hmac, petstore);
        as("executor").queryParam("flowId", "65a1f0c2b7e4d3a2f1e0c9c1").queryParam("version", 1)
                .when().get("/internal/credentials/" + petstore)
                .then().statusCode(200)
                .body("config", equalTo(Map.of("apiKey", "petstore-plain-key")));
        String body = as("executor").queryParam("flowId", "65a1f0c2b7e4d3a2f1e0c9c1").queryParam("version", 1)
                .when().get("/internal/credentials/" + hmac)
                .then().statusCode(403)
                .body("error", equalTo("The executor may read connector credentials only."))
                .extract().asString();
        assertThat(body).doesNotContain("hmac-plain-secret");
    }

    @Test
    void refusesFlowServiceAndOtherServicesTheDecryptedCredential() {
        String id = hmacCredential();
        for (String other : new String[] {"flow", "credential", "petstore"}) {
            String body = as(other).when().get("/internal/credentials/" + id)
                    .then().statusCode(403)
                    .contentType(ContentType.JSON)
                    .body("error", containsString("does not answer " + other))
                    .extract().asString();
            assertThat(body).doesNotContain("hmac-plain-secret");
        }
    }

    @Test
    void summarisesACredentialForFlowServiceOnly() {
        String id = hmacCredential();
        String body = as("flow").when().get("/internal/credentials/" + id + "/summary")
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("workspace", equalTo("demo"))
                .body("type", equalTo("webhook-hmac"))
                .body("config", nullValue())
                .extract().asString();
        assertThat(body).doesNotContain("hmac-plain-secret");
        as("ingress").when().get("/internal/credentials/" + id + "/summary").then().statusCode(403);
        as("executor").when().get("/internal/credentials/" + id + "/summary").then().statusCode(403);
        as("flow").when().get("/internal/credentials/000000000000000000000000/summary").then().statusCode(404);
    }

    @Test
    void answers404ForAnUnknownId() {
        as("executor").queryParam("flowId", "65a1f0c2b7e4d3a2f1e0c9c1").queryParam("version", 1)
                .when().get("/internal/credentials/000000000000000000000000")
                .then().statusCode(404)
                .body("error", containsString("does not exist"));
    }
}
