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
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The executor reads a connector credential only for a flow version (or a draft) that flow-service, a real HTTP stub,
 * says references it in the credential's workspace; ingress reads webhook credentials without naming a flow.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(StubConnectorResource.class)
@QuarkusTestResource(StubFlowServiceResource.class)
@QuarkusTestResource(TokenEndpointResource.class)
class ExecutorCredentialScopeTest {

    private static final String SECRET = "scoped-petstore-key";

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

    private String petstoreCredential(String workspace) {
        return service.create(workspace, "shop", "petstore",
                new ObjectMapper().valueToTree(Map.of("apiKey", SECRET))).id;
    }

    private static String flowId() {
        byte[] bytes = new byte[12];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static RequestSpecification executorFor(String flowId, int version) {
        return given().auth().oauth2(ServiceTokens.service("executor"))
                .queryParam("flowId", flowId).queryParam("version", version);
    }

    private static RequestSpecification executorForDraft(String flowId) {
        return given().auth().oauth2(ServiceTokens.service("executor"))
                .queryParam("flowId", flowId).queryParam("draft", true);
    }

    @Test
    void handsTheExecutorACredentialOfTheFlowVersionItNames() {
        String credential = petstoreCredential("demo");
        String flow = flowId();
        StubFlowServiceResource.version(flow, 2, "demo", "65a1f0c2b7e4d3a2f1e0c9b8", credential);

        executorFor(flow, 2).when().get("/internal/credentials/" + credential)
                .then().statusCode(200)
                .body("id", equalTo(credential))
                .body("workspace", equalTo("demo"))
                .body("config", equalTo(Map.of("apiKey", SECRET)));
    }

    @Test
    void refusesACredentialTheFlowVersionDoesNotUse() {
        String credential = petstoreCredential("demo");
        String other = petstoreCredential("demo");
        String flow = flowId();
        StubFlowServiceResource.version(flow, 1, "demo", other);
        // version 2 uses it, version 1 does not: the version named is the one checked
        StubFlowServiceResource.version(flow, 2, "demo", credential);

        String body = executorFor(flow, 1).when().get("/internal/credentials/" + credential)
                .then().statusCode(403)
                .contentType(ContentType.JSON)
                .body("error", equalTo("Flow " + flow + " version 1 does not use credential " + credential
                        + "; the executor may read only the credentials of the flow version (or draft) it names."))
                .extract().asString();
        assertThat(body).doesNotContain(SECRET);
        executorFor(flow, 2).when().get("/internal/credentials/" + credential).then().statusCode(200);
    }

    @Test
    void refusesACredentialOfAnotherWorkspaceThanTheFlows() {
        String foreign = petstoreCredential("other");
        String flow = flowId();
        // a flow of demo whose step names another workspace's credential id
        StubFlowServiceResource.version(flow, 1, "demo", foreign);

        String body = executorFor(flow, 1).when().get("/internal/credentials/" + foreign)
                .then().statusCode(403)
                .contentType(ContentType.JSON)
                .body("error", equalTo("Credential " + foreign + " belongs to another workspace than flow " + flow
                        + "; the executor may read only the credentials of the flow version (or draft) it names."))
                .extract().asString();
        assertThat(body).doesNotContain(SECRET);
    }

    @Test
    void refusesAFlowVersionFlowServiceDoesNotKnow() {
        String credential = petstoreCredential("demo");
        String flow = flowId();

        executorFor(flow, 3).when().get("/internal/credentials/" + credential)
                .then().statusCode(403)
                .contentType(ContentType.JSON)
                .body("error", equalTo("Flow " + flow + " has no version 3; the executor may read only the"
                        + " credentials of the flow version (or draft) it names."));
        executorForDraft(flow).when().get("/internal/credentials/" + credential)
                .then().statusCode(403)
                .body("error", equalTo("Flow " + flow + " does not exist; the executor may read only the"
                        + " credentials of the flow version (or draft) it names."));
    }

    @Test
    void requiresTheExecutorToNameAFlowVersionOrItsDraft() {
        String credential = petstoreCredential("demo");
        String flow = flowId();
        StubFlowServiceResource.version(flow, 1, "demo", credential);
        String expected = "The executor reads credential " + credential + " for a flow: send flowId and either version"
                + " (a published version it runs) or draft=true (a trial run)";

        given().auth().oauth2(ServiceTokens.service("executor"))
                .when().get("/internal/credentials/" + credential)
                .then().statusCode(400)
                .contentType(ContentType.JSON)
                .body("error", equalTo(expected));
        given().auth().oauth2(ServiceTokens.service("executor")).queryParam("version", 1)
                .when().get("/internal/credentials/" + credential)
                .then().statusCode(400)
                .body("error", equalTo(expected));
        given().auth().oauth2(ServiceTokens.service("executor")).queryParam("flowId", flow)
                .when().get("/internal/credentials/" + credential)
                .then().statusCode(400)
                .body("error", equalTo(expected));
        executorFor(flow, 1).queryParam("draft", true)
                .when().get("/internal/credentials/" + credential)
                .then().statusCode(400)
                .body("error", equalTo(expected));
        given().auth().oauth2(ServiceTokens.service("executor")).queryParam("flowId", flow).queryParam("version", "one")
                .when().get("/internal/credentials/" + credential)
                .then().statusCode(400)
                .body("error", equalTo("version must be a positive whole number"));
        assertThat(StubFlowServiceResource.versionCalls(flow, 1)).isZero();
    }

    @Test
    void checksATrialRunAgainstTheDraftEachTime() {
        String credential = petstoreCredential("demo");
        String flow = flowId();
        StubFlowServiceResource.draft(flow, "demo", credential);

        executorForDraft(flow).when().get("/internal/credentials/" + credential)
                .then().statusCode(200)
                .body("config", equalTo(Map.of("apiKey", SECRET)));
        // the draft changes: the credential is no longer in it, and the next trial run is refused
        StubFlowServiceResource.draft(flow, "demo", "65a1f0c2b7e4d3a2f1e0c9b8");
        executorForDraft(flow).when().get("/internal/credentials/" + credential)
                .then().statusCode(403)
                .body("error", equalTo("The draft of flow " + flow + " does not use credential " + credential
                        + "; the executor may read only the credentials of the flow version (or draft) it names."));
        assertThat(StubFlowServiceResource.draftCalls(flow)).isEqualTo(2);
        // a draft says nothing about the published versions
        executorFor(flow, 1).when().get("/internal/credentials/" + credential).then().statusCode(403);
    }

    @Test
    void asksFlowServiceAboutAPublishedVersionOnceAndServesItWhileFlowServiceIsDown() {
        String credential = petstoreCredential("demo");
        String flow = flowId();
        StubFlowServiceResource.version(flow, 1, "demo", credential);

        executorFor(flow, 1).when().get("/internal/credentials/" + credential).then().statusCode(200);
        StubFlowServiceResource.down();
        executorFor(flow, 1).when().get("/internal/credentials/" + credential)
                .then().statusCode(200)
                .body("config", equalTo(Map.of("apiKey", SECRET)));
        StubFlowServiceResource.up();
        executorFor(flow, 1).when().get("/internal/credentials/" + credential).then().statusCode(200);

        assertThat(StubFlowServiceResource.versionCalls(flow, 1)).isEqualTo(1);
    }

    @Test
    void answers503WithRetryAfterWhenFlowServiceCannotSay() {
        String credential = petstoreCredential("demo");
        String flow = flowId();
        StubFlowServiceResource.version(flow, 1, "demo", credential);
        StubFlowServiceResource.draft(flow, "demo", credential);
        StubFlowServiceResource.down();

        String body = executorFor(flow, 1).when().get("/internal/credentials/" + credential)
                .then().statusCode(503)
                .contentType(ContentType.JSON)
                .header("Retry-After", "10")
                .body("error", equalTo("Credential " + credential + " was not handed out: flow-service, which knows"
                        + " whether flow " + flow + " version 1 uses it, cannot be reached; try again later"))
                .extract().asString();
        assertThat(body).doesNotContain(SECRET);
        executorForDraft(flow).when().get("/internal/credentials/" + credential)
                .then().statusCode(503)
                .header("Retry-After", "10")
                .body("error", equalTo("Credential " + credential + " was not handed out: flow-service, which knows"
                        + " whether the draft of flow " + flow + " uses it, cannot be reached; try again later"));

        // a failure is not remembered: once flow-service is back, the version is asked about again and served
        StubFlowServiceResource.up();
        circuitBreakers.resetAll();
        executorFor(flow, 1).when().get("/internal/credentials/" + credential).then().statusCode(200);
    }

    @Test
    void letsIngressReadWebhookCredentialsWithoutNamingAFlow() {
        String hook = service.create("demo", "signed", "webhook-apikey",
                new ObjectMapper().valueToTree(Map.of("apiKey", "hook-plain-key"))).id;

        given().auth().oauth2(ServiceTokens.service("ingress"))
                .when().get("/internal/credentials/" + hook)
                .then().statusCode(200)
                .body("config.apiKey", equalTo("hook-plain-key"));
    }
}
