package io.hookflow.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.hookflow.flow.support.ExecutorStubResource;
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

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * The designer's steps through flow-service, with the executor's designer API as a stub: sample-request URLs (issued,
 * looked up and spent through the internal API, the token stored only as its hash), a mapping preview, and
 * retrieve-sample.
 */
@QuarkusTest
@TestProfile(PlatformTestProfile.class)
@TestSecurity(user = "demo", roles = {"flows.read", "flows.write", "flows.control"})
@OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
class DesignerTest {

    private static final String INGRESS = "Bearer " + io.hookflow.testsupport.ServiceTokens.service("ingress");

    @Inject
    AgroalDataSource dataSource;

    private static String steps(String id, String stepId) {
        return "/api/v1/flows/" + id + "/steps/" + stepId;
    }

    @Test
    void aSampleRequestUrlTakesOneRequestAndIsThenGone() throws Exception {
        String id = TestFlows.createGromit();
        String url = given().when().post(steps(id, "step_1") + "/sample-request")
                .then().statusCode(201)
                .body("url", startsWith("http://localhost:8080/hook/samples/"))
                .body("expiresAt", notNullValue())
                .extract().path("url");
        String token = url.substring(url.lastIndexOf('/') + 1);
        assertThat(token).hasSizeGreaterThanOrEqualTo(40);
        assertThat(storedHashes()).doesNotContain(token);

        given().header("Authorization", INGRESS).when().get("/internal/sample-requests/" + token)
                .then().statusCode(200)
                .body("flowId", equalTo(id))
                .body("stepId", equalTo("step_1"))
                .body("workspace", equalTo("demo"))
                .body("credentialId", equalTo(TestFlows.WEBHOOK_CREDENTIAL))
                .body("rawData", equalTo(false));
        given().header("Authorization", INGRESS).contentType(ContentType.JSON)
                .body(Map.of("sample", Map.of("petname", "Feathers", "petstatus", "Pending"), "attachments", List.of()))
                .when().post("/internal/sample-requests/" + token)
                .then().statusCode(200).body("source", equalTo("request"));
        given().when().get(steps(id, "step_1") + "/sample")
                .then().statusCode(200)
                .body("source", equalTo("request"))
                .body("sample.petname", equalTo("Feathers"));

        given().header("Authorization", INGRESS).when().get("/internal/sample-requests/" + token)
                .then().statusCode(410).contentType(ContentType.JSON).body("error", containsString("used or has expired"));
        given().header("Authorization", INGRESS).contentType(ContentType.JSON).body(Map.of("sample", Map.of("x", 1)))
                .when().post("/internal/sample-requests/" + token)
                .then().statusCode(410).contentType(ContentType.JSON);
        given().when().get(steps(id, "step_1") + "/sample").then().body("sample.petname", equalTo("Feathers"));
    }

    @Test
    void anExpiredUrlIsGoneAndAnUnknownOneNotFound() throws Exception {
        String id = TestFlows.createGromit();
        String url = given().when().post(steps(id, "step_1") + "/sample-request")
                .then().statusCode(201).extract().path("url");
        String token = url.substring(url.lastIndexOf('/') + 1);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement expire = connection.prepareStatement("UPDATE sample_request SET expires_at ="
                     + " now() - interval '1 second' WHERE flow_id = ?")) {
            expire.setString(1, id);
            assertThat(expire.executeUpdate()).isEqualTo(1);
        }
        given().header("Authorization", INGRESS).when().get("/internal/sample-requests/" + token)
                .then().statusCode(410);
        given().header("Authorization", INGRESS).contentType(ContentType.JSON).body(Map.of("sample", Map.of()))
                .when().post("/internal/sample-requests/" + token)
                .then().statusCode(410);
        given().header("Authorization", INGRESS).when().get("/internal/sample-requests/not-a-token")
                .then().statusCode(404).contentType(ContentType.JSON);
        given().when().get("/internal/sample-requests/" + token)
                .then().statusCode(401).contentType(ContentType.JSON);
        given().header("Authorization", "Bearer " + io.hookflow.testsupport.ServiceTokens.service("executor"))
                .when().get("/internal/sample-requests/" + token)
                .then().statusCode(403).contentType(ContentType.JSON);
    }

    @Test
    void onlyTheWebhookStepWithACredentialTakesSampleRequests() {
        String id = TestFlows.createGromit();
        given().when().post(steps(id, "step_2") + "/sample-request")
                .then().statusCode(400).body("error", startsWith("step step_2: only the webhook step"));
        given().when().post(steps(id, "step_9") + "/sample-request")
                .then().statusCode(404);
        given().queryParam("expiresInSeconds", 601).when().post(steps(id, "step_1") + "/sample-request")
                .then().statusCode(400).body("error", startsWith("expiresInSeconds must be between 1 and 600"));
        given().queryParam("expiresInSeconds", 0).when().post(steps(id, "step_1") + "/sample-request")
                .then().statusCode(400);
        given().queryParam("expiresInSeconds", 5).when().post(steps(id, "step_1") + "/sample-request")
                .then().statusCode(201);
    }

    @Test
    void previewMapsThePreviousStepsSampleWithPerFieldErrors() {
        String id = TestFlows.createGromit();
        given().contentType(ContentType.JSON).body("{}")
                .when().post(steps(id, "step_2") + "/preview")
                .then().statusCode(200)
                .body("stepId", equalTo("step_2"))
                .body("from.stepId", equalTo("step_1"))
                .body("from.source", equalTo("manual"))
                .body("input.name", equalTo("Gromit"))
                .body("input.status", equalTo("Sold"))
                .body("errors", empty());
        JsonNode sent = ExecutorStubResource.REQUESTS.get(ExecutorStubResource.REQUESTS.size() - 1);
        assertThat(sent.path("sample").path("petname").asText()).isEqualTo("Gromit");
        assertThat(sent.path("mapping").path("name").asText()).isEqualTo("petname");

        given().contentType(ContentType.JSON).body(Map.of("mapping", Map.of("name", "petname", "status", "nosuch")))
                .when().post(steps(id, "step_2") + "/preview")
                .then().statusCode(200)
                .body("input.name", equalTo("Gromit"))
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo("status"))
                .body("errors[0].error", containsString("'status'"));

        given().when().post(steps(id, "step_1") + "/preview")
                .then().statusCode(400).body("error", containsString("is the webhook step"));
        given().contentType(ContentType.JSON).body("{\"mapping\":")
                .when().post(steps(id, "step_2") + "/preview")
                .then().statusCode(400).contentType(ContentType.JSON).body("error", notNullValue());
    }

    @Test
    void previewWithoutASampleBeforeTheStepSaysHowToGetOne() {
        String id = TestFlows.createGromit();
        given().when().delete(steps(id, "step_1") + "/sample").then().statusCode(204);
        given().when().post(steps(id, "step_2") + "/preview")
                .then().statusCode(409).contentType(ContentType.JSON)
                .body("error", containsString("step step_1 (before step_2) has no sample yet"))
                .body("error", containsString("send a sample request"));
    }

    @Test
    void retrieveSampleRunsTheStepAndKeepsItsOutput() {
        String id = TestFlows.createGromit();
        given().when().post(steps(id, "step_2") + "/retrieve-sample")
                .then().statusCode(200)
                .body("stepId", equalTo("step_2"))
                .body("source", equalTo("retrieved"))
                .body("sample.id", equalTo(42))
                .body("sample.name", equalTo("Gromit"));
        JsonNode sent = ExecutorStubResource.REQUESTS.get(ExecutorStubResource.REQUESTS.size() - 1);
        assertThat(sent.path("workspace").asText()).isEqualTo("demo");
        assertThat(sent.path("component").asText()).isEqualTo("petstore");
        assertThat(sent.path("function").asText()).isEqualTo("createPet");
        assertThat(sent.path("credentialId").asText()).isEqualTo(TestFlows.PETSTORE_CREDENTIAL);
        given().when().get(steps(id, "step_2") + "/sample")
                .then().statusCode(200).body("source", equalTo("retrieved")).body("sample.id", equalTo(42));
    }

    @Test
    void aRefusedOrFailedRetrieveKeepsTheOldSampleAndSaysWhy() {
        String id = TestFlows.createGromit();
        given().contentType(ContentType.JSON).body(Map.of("petname", "Gromit"))
                .when().put(steps(id, "step_1") + "/sample").then().statusCode(200);
        given().when().post(steps(id, "step_2") + "/retrieve-sample")
                .then().statusCode(422).contentType(ContentType.JSON)
                .body("error", equalTo("The step's mapping failed"))
                .body("errors[0].field", equalTo("status"));
        ExecutorStubResource.unavailable = true;
        try {
            given().contentType(ContentType.JSON).body(Map.of("petname", "Gromit", "petstatus", "Sold"))
                    .when().put(steps(id, "step_1") + "/sample").then().statusCode(200);
            given().when().post(steps(id, "step_2") + "/retrieve-sample")
                    .then().statusCode(503).header("Retry-After", notNullValue())
                    .body("error", containsString("503"));
        } finally {
            ExecutorStubResource.unavailable = false;
        }
        given().when().get(steps(id, "step_2") + "/sample").then().statusCode(404);
    }

    private List<String> storedHashes() throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT token_hash FROM sample_request");
             ResultSet rs = select.executeQuery()) {
            List<String> hashes = new java.util.ArrayList<>();
            while (rs.next()) {
                hashes.add(rs.getString(1));
            }
            return hashes;
        }
    }
}
