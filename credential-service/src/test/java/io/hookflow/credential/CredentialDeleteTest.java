package io.hookflow.credential;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.credential.service.CredentialService;
import io.hookflow.testsupport.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.hookflow.credential.CredentialResourceTest.API;
import static io.hookflow.credential.CredentialResourceTest.create;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** DELETE asks flow-service (a real HTTP stub) whether an active flow uses the credential, and never deletes on doubt. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(StubConnectorResource.class)
@QuarkusTestResource(StubFlowServiceResource.class)
@TestSecurity(user = "demo", roles = {"credentials.read", "credentials.write"})
@OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
class CredentialDeleteTest {

    @Inject
    CredentialService service;

    @Inject
    CircuitBreakerMaintenance circuitBreakers;

    @AfterEach
    void flowServiceBackAndTrusted() {
        StubFlowServiceResource.up();
        // the failures these tests provoke must not leave the circuit open for the next test
        circuitBreakers.resetAll();
    }

    @Test
    void refusesToDeleteACredentialActiveFlowsUse() {
        String id = create("petstore", Map.of("apiKey", "in-use-key"));
        StubFlowServiceResource.usedBy(id, "demo", List.of(
                Map.of("id", "65a1f0c2b7e4d3a2f1e0c9b8", "name", "Gromit to Petstore"),
                Map.of("id", "65a1f0c2b7e4d3a2f1e0c9b9", "name", "Wallace's backup")));

        given().when().delete(API + "/" + id)
                .then().statusCode(409)
                .contentType(ContentType.JSON)
                .body("error", equalTo("Credential " + id + " is used by active flow(s) Gromit to Petstore"
                        + " (65a1f0c2b7e4d3a2f1e0c9b8), Wallace's backup (65a1f0c2b7e4d3a2f1e0c9b9); stop them first"));

        given().when().get(API + "/" + id).then().statusCode(200);
    }

    @Test
    void deletesACredentialNoActiveFlowUsesAskingForItsWorkspace() {
        String id = create("webhook-noauth", Map.of());

        given().when().delete(API + "/" + id).then().statusCode(204);

        assertThat(StubFlowServiceResource.askedWorkspace(id)).isEqualTo("demo");
        given().when().get(API + "/" + id).then().statusCode(404);
    }

    @Test
    void keepsTheCredentialWhenFlowServiceFails() {
        String id = create("webhook-apikey", Map.of("apiKey", "kept-key"));
        StubFlowServiceResource.answers(id, 500, Map.of("error", "database unavailable"));

        given().when().delete(API + "/" + id)
                .then().statusCode(503)
                .contentType(ContentType.JSON)
                .header("Retry-After", "10")
                .body("error", containsString("was not deleted"));

        given().when().get(API + "/" + id).then().statusCode(200);
    }

    @Test
    void keepsTheCredentialWhenFlowServiceIsDown() {
        String id = create("webhook-basic", Map.of("username", "u", "password", "kept-password"));
        StubFlowServiceResource.down();

        given().when().delete(API + "/" + id)
                .then().statusCode(503)
                .contentType(ContentType.JSON)
                .header("Retry-After", "10")
                .body("error", equalTo("Credential " + id + " was not deleted: flow-service, which knows the flows"
                        + " that use it, cannot be reached; try again later"));

        StubFlowServiceResource.up();
        given().when().get(API + "/" + id).then().statusCode(200);
    }

    @Test
    void keepsTheCredentialWhenFlowServiceGivesNoList() {
        String id = create("webhook-noauth", Map.of());
        StubFlowServiceResource.answers(id, 200, Map.of("credentialId", id));

        given().when().delete(API + "/" + id).then().statusCode(503);

        given().when().get(API + "/" + id).then().statusCode(200);
    }

    @Test
    void keepsTheCredentialWhenFlowServiceRefusesTheWorkspace() {
        // the stub answers 400 to any workspace other than the registered one
        String id = create("webhook-noauth", Map.of());
        StubFlowServiceResource.usedBy(id, "another-workspace", List.of());

        given().when().delete(API + "/" + id).then().statusCode(503);

        given().when().get(API + "/" + id).then().statusCode(200);
    }

    @Test
    void answers404ForAnotherWorkspacesCredentialWithoutAskingFlowService() {
        String foreign = service.create("other", "theirs", "webhook-noauth", new ObjectMapper().createObjectNode()).id;

        given().when().delete(API + "/" + foreign).then().statusCode(404);

        assertThat(StubFlowServiceResource.askedWorkspace(foreign)).isNull();
    }
}
