package io.hookflow.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.testsupport.KafkaResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The one-time sample-request URL {@code /hook/samples/{token}} over HTTP, with flow-service and credential-service
 * as stubs (CredentialServiceStub starts FlowServiceStub too, so this class shares the others' application): authenticated like the webhook (Basic here), read by the same content rules, handed to flow-service once;
 * then, and for an expired URL, 410; an unknown one 404; all JSON.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(CredentialServiceStub.class)
class SampleCaptureTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String token() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static String basicFlow(String token) {
        String credentialId = "sample-basic-" + token;
        CredentialServiceStub.put(credentialId, "demo", "webhook-basic",
                "{\"username\":\"gromit\",\"password\":\"cheese-on-toast\"}");
        String flowId = "f" + token.substring(0, 12);
        FlowServiceStub.open(token, flowId, credentialId, false);
        return flowId;
    }

    @Test
    void theFirstAuthenticatedRequestBecomesTheSampleAndTheUrlIsThenGone() throws Exception {
        String token = token();
        String flowId = basicFlow(token);

        given().auth().preemptive().basic("gromit", "wrong-password").contentType(ContentType.JSON)
                .body("{\"petname\":\"Mallory\"}")
                .when().post("/hook/samples/" + token)
                .then().statusCode(401).contentType(ContentType.JSON).body("error", containsString(""));
        assertThat(FlowServiceStub.captured(token)).as("a refused request is not captured").isNull();

        given().auth().preemptive().basic("gromit", "cheese-on-toast").contentType(ContentType.JSON)
                .body("{\"petname\":\"Gromit\",\"petstatus\":\"Sold\"}")
                .when().post("/hook/samples/" + token)
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("captured", equalTo(true))
                .body("flowId", equalTo(flowId))
                .body("stepId", equalTo("step_1"));
        JsonNode captured = JSON.readTree(FlowServiceStub.captured(token));
        assertThat(captured.get("sample")).isEqualTo(JSON.readTree("{\"petname\":\"Gromit\",\"petstatus\":\"Sold\"}"));
        assertThat(captured.get("contentType").asText()).isEqualTo("application/json");
        assertThat(captured.get("attachments")).isEqualTo(JSON.readTree("[]"));
        assertThat(captured.toString()).doesNotContain("cheese-on-toast");

        given().auth().preemptive().basic("gromit", "cheese-on-toast").contentType(ContentType.JSON)
                .body("{\"petname\":\"Again\"}")
                .when().post("/hook/samples/" + token)
                .then().statusCode(410).contentType(ContentType.JSON).body("error", containsString("used or has expired"));
        assertThat(JSON.readTree(FlowServiceStub.captured(token)).at("/sample/petname").asText()).isEqualTo("Gromit");
    }

    @Test
    void anXmlSampleIsReadAsTheWebhookWouldBe() throws Exception {
        String token = token();
        basicFlow(token);
        given().auth().preemptive().basic("gromit", "cheese-on-toast").contentType("application/xml")
                .body("<pet kind=\"dog\"><name>Gromit</name></pet>")
                .when().post("/hook/samples/" + token)
                .then().statusCode(200);
        JsonNode sample = JSON.readTree(FlowServiceStub.captured(token)).get("sample");
        assertThat(sample.at("/pet/name").asText()).isEqualTo("Gromit");
        assertThat(sample.at("/pet/_attr/kind").asText()).isEqualTo("dog");
    }

    @Test
    void anExpiredOrUnknownUrlIsRefusedWithJson() {
        String token = token();
        basicFlow(token);
        FlowServiceStub.expired(token);
        given().auth().preemptive().basic("gromit", "cheese-on-toast").contentType(ContentType.JSON).body("{}")
                .when().post("/hook/samples/" + token)
                .then().statusCode(410).contentType(ContentType.JSON);
        assertThat(FlowServiceStub.captured(token)).isNull();

        given().contentType(ContentType.JSON).body("{}")
                .when().post("/hook/samples/" + token())
                .then().statusCode(404).contentType(ContentType.JSON).body("error", containsString("unknown"));
    }
}
