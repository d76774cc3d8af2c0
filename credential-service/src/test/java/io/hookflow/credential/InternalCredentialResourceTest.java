package io.hookflow.credential;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.credential.service.CredentialService;
import io.hookflow.testsupport.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
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
class InternalCredentialResourceTest {

    static final String HEADER = "X-Hookflow-Internal-Token";

    @Inject
    CredentialService service;

    private String hmacCredential() {
        return service.create("demo", "signed", "webhook-hmac",
                new ObjectMapper().valueToTree(Map.of("secret", "hmac-plain-secret", "algorithm", "sha512"))).id;
    }

    @Test
    void refusesCallsWithoutTheInternalToken() {
        String id = hmacCredential();
        given().when().get("/internal/credentials/" + id)
                .then().statusCode(401)
                .contentType(ContentType.JSON)
                .body("error", containsString(HEADER));
    }

    @Test
    void refusesCallsWithAWrongInternalToken() {
        String id = hmacCredential();
        given().header(HEADER, "test-token-but-wrong").when().get("/internal/credentials/" + id)
                .then().statusCode(401)
                .body("error", containsString(HEADER));
    }

    @Test
    void returnsEveryFieldWithSecretsDecrypted() {
        String id = hmacCredential();
        given().header(HEADER, "test-token").when().get("/internal/credentials/" + id)
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
    void summarisesACredentialWithoutItsConfig() {
        String id = hmacCredential();
        String body = given().header(HEADER, "test-token").when().get("/internal/credentials/" + id + "/summary")
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("workspace", equalTo("demo"))
                .body("type", equalTo("webhook-hmac"))
                .body("config", nullValue())
                .extract().asString();
        assertThat(body).doesNotContain("hmac-plain-secret");
        given().when().get("/internal/credentials/" + id + "/summary").then().statusCode(401);
        given().header(HEADER, "test-token").when().get("/internal/credentials/000000000000000000000000/summary")
                .then().statusCode(404);
    }

    @Test
    void answers404ForAnUnknownId() {
        given().header(HEADER, "test-token").when().get("/internal/credentials/000000000000000000000000")
                .then().statusCode(404)
                .body("error", containsString("does not exist"));
    }
}
