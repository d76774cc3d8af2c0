package io.hookflow.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.testsupport.KafkaResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(CredentialServiceStub.class)
class WebhookIngressTest {

    private static final String NOAUTH = "c0ffee000000000000000001";
    private static final String OTHER_WORKSPACE = "c0ffee000000000000000003";
    private static final String PETSTORE = "c0ffee000000000000000004";
    private static final String HEX32 = "[0-9a-f]{32}";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private static TestKafka kafka;

    @BeforeAll
    static void setUp() {
        kafka = new TestKafka();
        CredentialServiceStub.put(NOAUTH, "demo", "webhook-noauth", "{}");
        CredentialServiceStub.put(OTHER_WORKSPACE, "other", "webhook-noauth", "{}");
        CredentialServiceStub.put(PETSTORE, "demo", "petstore", "{\"apiKey\":\"k\"}");
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
    }

    @Test
    void headFollowsFlowChangesStartStopAndDelete() {
        String flowId = newId();
        given().when().head("/hook/" + flowId).then().statusCode(404).body(emptyString());

        kafka.flowChanged(flowId, "active", 1, NOAUTH);
        awaitHead(flowId, 200);

        kafka.flowChanged(flowId, "inactive", 1, NOAUTH);
        awaitHead(flowId, 404);

        kafka.flowChanged(flowId, "active", 2, NOAUTH);
        awaitHead(flowId, 200);

        kafka.flowDeleted(flowId);
        awaitHead(flowId, 404);
    }

    @Test
    void answersHttp2ClientsAndEmptyDeclaredBodies() throws Exception {
        String flowId = activeFlow(NOAUTH);
        // java.net.http asks for HTTP/2 (h2c upgrade) and sends "Content-Length: 0" on a HEAD, as ./hookflow's CLI does.
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        URI hook = URI.create("http://localhost:" + io.restassured.RestAssured.port + "/hook/" + flowId);
        HttpResponse<String> head = client.send(HttpRequest.newBuilder(hook)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(hook).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"petname\":\"Gromit\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(post.body()).contains("thank you");
        given().header("Content-Length", "0").when().get("/hook/" + flowId + "?petname=Gromit")
                .then().statusCode(200).body("message", equalTo("thank you"));
    }

    @Test
    void acceptsJsonPostAndPublishesItBeforeAnswering() throws Exception {
        String flowId = activeFlow(NOAUTH);

        String requestId = given()
                .contentType(ContentType.JSON)
                .header("Authorization", "Bearer not-for-kafka")
                .header("Cookie", "session=secret")
                .header("X-Custom", "yes")
                .body("{\"petname\":\"Gromit\",\"petstatus\":\"Sold\"}")
                .when().post("/hook/" + flowId)
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("message", equalTo("thank you"))
                .body("requestId", matchesPattern(HEX32))
                .body("executionId", matchesPattern(flowId + "-" + HEX32))
                .extract().path("requestId");

        ConsumerRecord<String, String> record = kafka.awaitWebhook(requestId);
        assertThat(record.topic()).isEqualTo("webhook.received");
        assertThat(record.key()).isEqualTo(flowId);
        JsonNode event = JSON.readTree(record.value());
        assertThat(event.get("flowId").asText()).isEqualTo(flowId);
        assertThat(event.get("workspace").asText()).isEqualTo("demo");
        assertThat(event.get("flowVersion").asInt()).isEqualTo(1);
        assertThat(event.get("method").asText()).isEqualTo("POST");
        assertThat(event.get("path").asText()).isEmpty();
        assertThat(event.get("contentType").asText()).startsWith("application/json");
        assertThat(event.get("receivedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(event.get("body")).isEqualTo(JSON.readTree("{\"petname\":\"Gromit\",\"petstatus\":\"Sold\"}"));
        JsonNode headers = event.get("headers");
        assertThat(headers.has("authorization")).isFalse();
        assertThat(headers.has("cookie")).isFalse();
        assertThat(headers.get("x-custom").asText()).isEqualTo("yes");
        assertThat(record.value()).doesNotContain("not-for-kafka", "session=secret");
    }

    @Test
    void publishesAJsonBodyByteForByteWithItsUnicodeEscapesAndNumbers() throws Exception {
        String flowId = activeFlow(NOAUTH);
        String body = "{\"name\":\"Gr\\u00f6mit \\\"the\\\" d\\/og\",\"emoji\":\"😀 ü €\",\"price\":12.50,"
                + "\"big\":123456789012345678901234567890,\"precise\":0.1000000000000000055511151231257827,"
                + "\"exp\":1E+2,\"list\":[1,-0.0,true,null,{}]}";

        String requestId = given().contentType("application/json; charset=UTF-8")
                .body(("\n " + body + " \n").getBytes(StandardCharsets.UTF_8))
                .when().post("/hook/" + flowId)
                .then().statusCode(200).extract().path("requestId");

        String value = kafka.awaitWebhook(requestId).value();
        assertThat(value).contains("\"body\":" + body);
        JsonNode event = JSON.readTree(value);
        assertThat(event.get("body")).isEqualTo(JSON.readTree(body));
        assertThat(event.get("body").get("name").asText()).isEqualTo("Grömit \"the\" d/og");
        assertThat(event.get("body").get("emoji").asText()).isEqualTo("😀 ü €");
        assertThat(event.get("requestId").asText()).isEqualTo(requestId);
        assertThat(event.get("flowId").asText()).isEqualTo(flowId);
    }

    @Test
    void jsonThatIsNotWellFormedUtf8Answers400() {
        String flowId = activeFlow(NOAUTH);
        byte[] overlong = {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
        given().contentType(ContentType.JSON).body(overlong).when().post("/hook/" + flowId)
                .then().statusCode(400).contentType(ContentType.JSON).body("error", containsString("UTF-8"));
    }

    @Test
    void reusesIncomingRequestIdAndKeepsTheExtraPath() throws Exception {
        String flowId = activeFlow(NOAUTH);
        String incoming = HexFormat.of().formatHex(randomBytes(16));

        given().contentType("application/vnd.acme+json").header("x-request-id", incoming)
                .body("[1,2,3]")
                .when().post("/hook/" + flowId + "/orders/42")
                .then().statusCode(200).body("requestId", equalTo(incoming));

        JsonNode event = JSON.readTree(kafka.awaitWebhook(incoming).value());
        assertThat(event.get("path").asText()).isEqualTo("orders/42");
        assertThat(event.get("body")).isEqualTo(JSON.readTree("[1,2,3]"));
    }

    @Test
    void replacesAnIncomingRequestIdThatIsNot32Hex() {
        String flowId = activeFlow(NOAUTH);
        given().contentType(ContentType.JSON).header("x-request-id", "not-a-valid-id").body("{}")
                .when().post("/hook/" + flowId)
                .then().statusCode(200).body("requestId", matchesPattern(HEX32));
    }

    @Test
    void getTurnsQueryParametersIntoTheBody() throws Exception {
        String flowId = activeFlow(NOAUTH);

        String requestId = given().queryParam("petname", "Gromit").queryParam("tag", "a", "b")
                .when().get("/hook/" + flowId)
                .then().statusCode(200).extract().path("requestId");

        JsonNode event = JSON.readTree(kafka.awaitWebhook(requestId).value());
        assertThat(event.get("method").asText()).isEqualTo("GET");
        assertThat(event.get("body")).isEqualTo(JSON.readTree("{\"petname\":\"Gromit\",\"tag\":[\"a\",\"b\"]}"));
    }

    @Test
    void parsesFormAndPlainTextBodies() throws Exception {
        String flowId = activeFlow(NOAUTH);

        String formId = given().contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .body("petname=Gromit+Dog&tag=a&tag=b%26c")
                .when().post("/hook/" + flowId)
                .then().statusCode(200).extract().path("requestId");
        assertThat(JSON.readTree(kafka.awaitWebhook(formId).value()).get("body"))
                .isEqualTo(JSON.readTree("{\"petname\":\"Gromit Dog\",\"tag\":[\"a\",\"b&c\"]}"));

        String textId = given().contentType("text/plain; charset=UTF-8").body("hello, world")
                .when().post("/hook/" + flowId)
                .then().statusCode(200).extract().path("requestId");
        assertThat(JSON.readTree(kafka.awaitWebhook(textId).value()).get("body").asText()).isEqualTo("hello, world");
    }

    @Test
    void unknownOrInactiveFlowAnswers404() {
        String unknown = newId();
        given().contentType(ContentType.JSON).body("{}").when().post("/hook/" + unknown)
                .then().statusCode(404).contentType(ContentType.JSON)
                .body("error", equalTo("Flow " + unknown + " either does not exist or is inactive"));
        given().when().get("/hook/" + unknown).then().statusCode(404)
                .body("error", equalTo("Flow " + unknown + " either does not exist or is inactive"));

        String inactive = activeFlow(NOAUTH);
        kafka.flowChanged(inactive, "inactive", 1, NOAUTH);
        awaitHead(inactive, 404);
        given().contentType(ContentType.JSON).body("{}").when().post("/hook/" + inactive)
                .then().statusCode(404)
                .body("error", equalTo("Flow " + inactive + " either does not exist or is inactive"));
        given().when().head("/hook/" + inactive).then().statusCode(404).body(emptyString());
    }

    @Test
    void postWithoutContentTypeAnswers415() {
        String flowId = activeFlow(NOAUTH);
        var none = WithoutContentType.post("/hook/" + flowId, "{}".getBytes());
        assertThat(none.statusCode()).isEqualTo(415);
        assertThat(none.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(none.body()).contains("Content-Type");
        // REST Assured sends application/octet-stream for bytes: a file now
        given().body("{}".getBytes()).when().post("/hook/" + flowId).then().statusCode(200);
    }

    @Test
    void malformedJsonAnswers400() {
        String flowId = activeFlow(NOAUTH);
        given().contentType(ContentType.JSON).body("{\"petname\":").when().post("/hook/" + flowId)
                .then().statusCode(400).contentType(ContentType.JSON).body("error", containsString("not valid JSON"));
        given().contentType(ContentType.JSON).body("{} trailing").when().post("/hook/" + flowId)
                .then().statusCode(400).contentType(ContentType.JSON);
    }

    @Test
    void bodyOverTheLimitAnswers413() {
        String flowId = activeFlow(NOAUTH);
        String big = "{\"data\":\"" + "x".repeat(2048) + "\"}"; // test limit is 1K
        given().contentType(ContentType.JSON).body(big).when().post("/hook/" + flowId)
                .then().statusCode(413).contentType(ContentType.JSON).body("error", containsString("larger than"));

        // A stream is sent chunked, without Content-Length: the limit applies while reading.
        String huge = "{\"data\":\"" + "x".repeat(64 * 1024) + "\"}";
        given().contentType(ContentType.JSON).body(new ByteArrayInputStream(huge.getBytes()))
                .when().post("/hook/" + flowId)
                .then().statusCode(413).contentType(ContentType.JSON).body("error", containsString("larger than"));
        given().contentType(ContentType.JSON).body(new ByteArrayInputStream("{\"small\":true}".getBytes()))
                .when().post("/hook/" + flowId)
                .then().statusCode(200);
    }

    @Test
    void callsOverTheFlowsRateLimitAnswer429WithRetryAfter() {
        String flowId = newId();
        kafka.flowChanged(flowId, "active", 1, NOAUTH, 1);
        awaitHead(flowId, 200);
        given().contentType(ContentType.JSON).body("{}").when().post("/hook/" + flowId).then().statusCode(200);
        // One call per second: of a quick run of calls, the ones within the same second are refused.
        Response refused = null;
        for (int i = 0; i < 5 && refused == null; i++) {
            Response response = given().contentType(ContentType.JSON).body("{}").when().post("/hook/" + flowId);
            if (response.statusCode() == 429) {
                refused = response;
            } else {
                assertThat(response.statusCode()).isEqualTo(200);
            }
        }
        assertThat(refused).as("a call over the limit").isNotNull();
        refused.then()
                .header("Retry-After", "1")
                .contentType(ContentType.JSON)
                .body("error", containsString("at most 1 webhooks per second"));
    }

    @Test
    void credentialOfANonWebhookTypeOrAnotherWorkspaceOrUnknownAnswers401() {
        for (String credential : new String[] {PETSTORE, OTHER_WORKSPACE, "c0ffee0000000000000000ff"}) {
            String flowId = activeFlow(credential);
            given().contentType(ContentType.JSON).body("{}").when().post("/hook/" + flowId)
                    .then().statusCode(401).contentType(ContentType.JSON).body("error", equalTo("Authentication is missing or wrong"));
        }
    }

    @Test
    void credentialChangeTakesEffectAfterTheCacheExpires() {
        String credentialId = newId();
        CredentialServiceStub.put(credentialId, "demo", "webhook-noauth", "{}");
        String flowId = activeFlow(credentialId);
        given().contentType(ContentType.JSON).body("{}").when().post("/hook/" + flowId).then().statusCode(200);

        CredentialServiceStub.put(credentialId, "demo", "webhook-apikey", "{\"apiKey\":\"k\"}");
        await().atMost(Duration.ofSeconds(6)).untilAsserted(() ->
                given().contentType(ContentType.JSON).body("{}").when().post("/hook/" + flowId).then().statusCode(401));
    }

    @Test
    void unknownPathsAndWrongMethodsAnswerJson() {
        given().when().get("/nothing/here").then().statusCode(404).contentType(ContentType.JSON)
                .body("error", equalTo("There is nothing at this path"));
        given().when().put("/hook/" + newId()).then().statusCode(405).contentType(ContentType.JSON)
                .body("error", equalTo("This method is not allowed on this path"));
        given().when().delete("/hook/" + newId() + "/x").then().statusCode(405).contentType(ContentType.JSON);
    }

    @Test
    void exposesWebhookMetricsReadinessAndOpenApi() {
        String flowId = activeFlow(NOAUTH);
        given().contentType(ContentType.JSON).body("{}").when().post("/hook/" + flowId).then().statusCode(200);

        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString(
                        "hookflow_webhooks_received_total{outcome=\"accepted\",reason=\"none\",status=\"200\"}"))
                .body(containsString("hookflow_webhook_accept_duration_seconds_count{outcome=\"accepted\"}"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200)
                        .body(containsString("flow-registry"))
                        .body(containsString("webhook-received")));
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/hook/{flowId}"));
    }

    private static String activeFlow(String credentialId) {
        String flowId = newId();
        kafka.flowChanged(flowId, "active", 1, credentialId);
        awaitHead(flowId, 200);
        return flowId;
    }

    private static void awaitHead(String flowId, int status) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().head("/hook/" + flowId).then().statusCode(status));
    }

    private static String newId() {
        return HexFormat.of().formatHex(randomBytes(12));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
