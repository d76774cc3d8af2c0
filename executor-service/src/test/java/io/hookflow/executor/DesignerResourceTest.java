package io.hookflow.executor;

import io.hookflow.testsupport.KafkaResource;
import io.hookflow.testsupport.ServiceTokens;
import io.hookflow.testsupport.TokenEndpointResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * The designer's internal API: a preview maps a sample field by field within the run-time bounds, and a trial run
 * calls the connector (the stub, over HTTP) once with the step's credential and answers its output, secrets masked.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PlatformStubResource.class)
@QuarkusTestResource(TokenEndpointResource.class)
class DesignerResourceTest {

    private static final String FLOW = "Bearer " + ServiceTokens.service("flow");

    @Test
    void previewMapsTheTutorialsSampleAndNamesTheFieldsThatFail() {
        given().header("Authorization", FLOW).contentType(ContentType.JSON)
                .body("{\"mapping\":{\"name\":\"petname\",\"status\":\"$lowercase(petstatus)\",\"tag\":\"$nosuch(1)\","
                        + "\"file\":\"$attachments[0].name\",\"huge\":\"$join([1..2000000].$string())\"},"
                        + "\"sample\":{\"petname\":\"Gromit\",\"petstatus\":\"Sold\"},"
                        + "\"attachments\":[{\"name\":\"a.pdf\",\"contentType\":\"application/pdf\",\"size\":3}]}")
                .when().post("/internal/designer/preview")
                .then().statusCode(200)
                .body("input.name", equalTo("Gromit"))
                .body("input.status", equalTo("sold"))
                .body("input.file", equalTo("a.pdf"))
                .body("input.tag", nullValue())
                .body("errors.tag", containsString("'tag'"))
                .body("errors.huge", containsString("'huge'"))
                .body("errors.name", nullValue());
    }

    @Test
    void previewWithoutAMappingAnswersTheSampleAsItIs() {
        given().header("Authorization", FLOW).contentType(ContentType.JSON)
                .body("{\"sample\":{\"petname\":\"Gromit\"}}")
                .when().post("/internal/designer/preview")
                .then().statusCode(200)
                .body("input.petname", equalTo("Gromit"));
    }

    @Test
    void aTrialRunCallsTheConnectorOnceAndMasksTheCredentialsSecrets() {
        PlatformStub.CREDENTIALS.put("trial-cred", "{\"id\":\"trial-cred\",\"workspace\":\"demo\",\"type\":\"petstore\","
                + "\"config\":{\"apiKey\":\"trial-secret-key\"}}");
        int before = PlatformStub.requests("/actions/").size();
        given().header("Authorization", FLOW).contentType(ContentType.JSON)
                .body("{\"workspace\":\"demo\",\"flowId\":\"f1\",\"stepId\":\"step_2\",\"component\":\"petstore\","
                        + "\"function\":\"createPet\",\"credentialId\":\"trial-cred\","
                        + "\"mapping\":{\"name\":\"petname\",\"status\":\"'trial-secret-key'\"},"
                        + "\"sample\":{\"petname\":\"Gromit\"}}")
                .when().post("/internal/designer/run")
                .then().statusCode(200)
                .body("input.name", equalTo("Gromit"))
                .body("output.id", notNullValue())
                .body("output.name", equalTo("Gromit"))
                .body("output.status", equalTo("****"))
                .body(not(containsString("trial-secret-key")));
        List<PlatformStub.Request> calls = PlatformStub.requests("/actions/createPet");
        assertThat(calls).hasSize(before + 1);
        PlatformStub.Request call = calls.get(calls.size() - 1);
        assertThat(call.body()).contains("\"apiKey\":\"trial-secret-key\"").contains("\"executionId\":\"sample-f1-");
        assertThat(call.headers().get("idempotency-key")).startsWith("sample-f1-").endsWith(":step_2");
        // read for the flow's draft, which credential-service checks it against
        List<PlatformStub.Request> reads = PlatformStub.requests("/internal/credentials/trial-cred");
        assertThat(reads).isNotEmpty();
        assertThat(reads.get(reads.size() - 1).query()).isEqualTo("flowId=f1&draft=true");
    }

    @Test
    void aTrialRunRefusedItsCredentialAnswers422WithTheReason() {
        PlatformStub.CREDENTIALS.put("undrafted-cred", "{\"id\":\"undrafted-cred\",\"workspace\":\"demo\","
                + "\"type\":\"petstore\",\"config\":{\"apiKey\":\"undrafted-key-123\"}}");
        PlatformStub.REFUSED_CREDENTIALS.put("undrafted-cred", "The draft of flow f1 does not use credential undrafted-cred");
        int before = PlatformStub.requests("/actions/").size();
        given().header("Authorization", FLOW).contentType(ContentType.JSON)
                .body("{\"workspace\":\"demo\",\"flowId\":\"f1\",\"stepId\":\"step_2\",\"component\":\"petstore\","
                        + "\"function\":\"createPet\",\"credentialId\":\"undrafted-cred\",\"sample\":{}}")
                .when().post("/internal/designer/run")
                .then().statusCode(422)
                .contentType(ContentType.JSON)
                .body("error", equalTo("Could not load the step's credential: credential-service refused to hand out"
                        + " credential undrafted-cred for the draft of flow f1 (HTTP 403): The draft of flow f1 does"
                        + " not use credential undrafted-cred"))
                .body(not(containsString("undrafted-key-123")));
        assertThat(PlatformStub.requests("/actions/")).hasSize(before);
    }

    @Test
    void aTrialRunRefusesAnotherWorkspacesCredentialAndAFailingMapping() {
        PlatformStub.CREDENTIALS.put("foreign-cred", "{\"id\":\"foreign-cred\",\"workspace\":\"other\","
                + "\"type\":\"petstore\",\"config\":{\"apiKey\":\"foreign-key-123\"}}");
        given().header("Authorization", FLOW).contentType(ContentType.JSON)
                .body("{\"workspace\":\"demo\",\"flowId\":\"f1\",\"stepId\":\"step_2\",\"component\":\"petstore\","
                        + "\"function\":\"createPet\",\"credentialId\":\"foreign-cred\",\"sample\":{}}")
                .when().post("/internal/designer/run")
                .then().statusCode(422)
                .body("error", containsString("another workspace"));
        given().header("Authorization", FLOW).contentType(ContentType.JSON)
                .body("{\"workspace\":\"demo\",\"flowId\":\"f1\",\"stepId\":\"step_2\",\"component\":\"petstore\","
                        + "\"function\":\"createPet\",\"mapping\":{\"name\":\"$nosuch()\"},\"sample\":{}}")
                .when().post("/internal/designer/run")
                .then().statusCode(422)
                .body("errors.name", containsString("'name'"));
    }

    @Test
    void answersFlowServiceOnlyAndMalformedBodiesWithJson() {
        given().contentType(ContentType.JSON).body("{\"sample\":{}}")
                .when().post("/internal/designer/preview")
                .then().statusCode(401).contentType(ContentType.JSON).body("error", notNullValue());
        given().header("Authorization", "Bearer " + ServiceTokens.badlySigned("flow")).contentType(ContentType.JSON)
                .body("{\"sample\":{}}")
                .when().post("/internal/designer/run")
                .then().statusCode(401).contentType(ContentType.JSON);
        given().header("Authorization", "Bearer " + ServiceTokens.token("hookflow-flow", "hookflow-api"))
                .contentType(ContentType.JSON).body("{\"sample\":{}}")
                .when().post("/internal/designer/preview")
                .then().statusCode(401).contentType(ContentType.JSON);
        for (String other : new String[] {"ingress", "credential", "executor", "petstore"}) {
            given().header("Authorization", "Bearer " + ServiceTokens.service(other)).contentType(ContentType.JSON)
                    .body("{\"sample\":{}}")
                    .when().post("/internal/designer/run")
                    .then().statusCode(403).contentType(ContentType.JSON)
                    .body("error", containsString(other));
        }
        given().header("Authorization", FLOW).contentType(ContentType.JSON).body("{\"sample\": \"token=abc\", ")
                .when().post("/internal/designer/preview")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("error", equalTo("The request body is not valid JSON"));
        given().header("Authorization", FLOW).contentType(ContentType.JSON).body("{\"mapping\": [\"name\"]}")
                .when().post("/internal/designer/preview")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("error", equalTo("The request body has a wrong value at mapping"));
        given().header("Authorization", FLOW).contentType(ContentType.JSON).body("{\"sample\":{}}")
                .when().post("/internal/designer/run")
                .then().statusCode(400).body("error", containsString("required"));
    }

    @Test
    void answersUnknownDesignerPathsAndMethodsWithJson() {
        given().header("Authorization", FLOW).when().get("/internal/designer/nothing-here")
                .then().statusCode(404).contentType(ContentType.JSON)
                .body("error", equalTo("There is nothing at /internal/designer/nothing-here;"
                        + " the executor serves only /q/health, /q/metrics and /internal/designer"));
        given().header("Authorization", FLOW).when().get("/internal/designer/preview")
                .then().statusCode(405).contentType(ContentType.JSON)
                .body("error", equalTo("This method is not allowed on this path"));
    }
}
