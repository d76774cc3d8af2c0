package io.hookflow.e2e;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * The tutorial's designer path through the samples, end to end on the platform {@code ./hookflow up} started: a manual
 * sample; a sample request sent as curl would (Basic auth: a wrong password 401 and nothing captured, the right one
 * captured, the URL then 410, and an expired URL 410); a preview mapping petname/petstatus; a sample retrieved from
 * the real Petstore, which holds the created pet; then publish, start, the webhook and its execution.
 */
class WebhookDesignerIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static String demo;

    @BeforeAll
    static void login() {
        demo = Platform.token("demo");
    }

    @Test
    void walksTheTutorialThroughSamplesPreviewAndRetrieve() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String user = "partner-" + suffix;
        String password = "pw-" + UUID.randomUUID();
        String webhookCredential = credential("Designer webhook " + suffix, "webhook-basic",
                Map.of("username", user, "password", password));
        String petstoreCredential = credential("Designer Petstore " + suffix, "petstore",
                Map.of("apiKey", Platform.PETSTORE_KEY));
        String flowId = given().auth().oauth2(demo).contentType(ContentType.JSON)
                .body(Map.of("name", "Designer " + suffix, "steps", List.of(
                        Map.of("id", "step_1", "name", "Webhook", "component", "webhook", "function", "receive",
                                "credentialId", webhookCredential),
                        Map.of("id", "step_2", "name", "Create a pet", "component", "petstore",
                                "function", "createPet", "credentialId", petstoreCredential,
                                "mapping", Map.of("name", "petname", "status", "$lowercase(petstatus)")))))
                .post(Platform.FLOWS + "/api/v1/flows")
                .then().statusCode(201).extract().path("id");
        String steps = Platform.FLOWS + "/api/v1/flows/" + flowId + "/steps/";

        // "Add sample manually"
        given().auth().oauth2(demo).contentType(ContentType.JSON).body(Map.of("petname", "Wallace", "petstatus", "Pending"))
                .put(steps + "step_1/sample")
                .then().statusCode(200).body("source", equalTo("manual"));

        // "Send sample request": a one-time URL under the ingress, authenticated like the webhook
        String url = given().auth().oauth2(demo).post(steps + "step_1/sample-request")
                .then().statusCode(201)
                .body("url", startsWith(Platform.INGRESS + "/hook/samples/"))
                .body("expiresAt", notNullValue())
                .extract().path("url");
        String gromit = "Gromit-" + suffix;
        String body = "{\"petname\":\"" + gromit + "\",\"petstatus\":\"Sold\"}";
        assertThat(send(url, user, "not-the-password", body).statusCode()).isEqualTo(401);
        given().auth().oauth2(demo).get(steps + "step_1/sample")
                .then().body("source", equalTo("manual")).body("sample.petname", equalTo("Wallace"));
        HttpResponse<String> captured = send(url, user, password, body);
        assertThat(captured.statusCode()).as(captured.body()).isEqualTo(200);
        assertThat(captured.body()).contains("\"captured\":true");
        given().auth().oauth2(demo).get(steps + "step_1/sample")
                .then().statusCode(200)
                .body("source", equalTo("request"))
                .body("sample.petname", equalTo(gromit))
                .body("sample.petstatus", equalTo("Sold"));
        HttpResponse<String> again = send(url, user, password, "{\"petname\":\"Again\"}");
        assertThat(again.statusCode()).isEqualTo(410);
        assertThat(again.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");

        io.restassured.response.Response shortLived = given().auth().oauth2(demo).queryParam("expiresInSeconds", 1)
                .post(steps + "step_1/sample-request");
        shortLived.then().statusCode(201);
        // a request before expiresAt would be captured, so the one request waits until the URL's own expiry has passed
        java.time.Instant expiresAt = java.time.Instant.parse(shortLived.path("expiresAt"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> java.time.Instant.now().isAfter(expiresAt.plusMillis(200)));
        assertThat(send(shortLived.path("url"), user, password, body).statusCode()).isEqualTo(410);

        // preview: what the mapping makes of the webhook's sample
        given().auth().oauth2(demo).post(steps + "step_2/preview")
                .then().statusCode(200)
                .body("from.stepId", equalTo("step_1"))
                .body("from.source", equalTo("request"))
                .body("input.name", equalTo(gromit))
                .body("input.status", equalTo("sold"))
                .body("errors", empty());

        // retrieve: the Petstore creates the pet, and its answer is step 2's sample
        int petId = given().auth().oauth2(demo).post(steps + "step_2/retrieve-sample")
                .then().statusCode(200)
                .body("source", equalTo("retrieved"))
                .body("sample.name", equalTo(gromit))
                .body("sample.status", equalTo("sold"))
                .extract().path("sample.id");
        given().header("api-key", Platform.PETSTORE_KEY).get(Platform.PETSTORE + "/v2/pet/" + petId)
                .then().statusCode(200).body("name", equalTo(gromit));

        // publish, start, and the webhook runs as previewed
        given().auth().oauth2(demo).post(Platform.FLOWS + "/api/v1/flows/" + flowId + "/publish").then().statusCode(201);
        given().auth().oauth2(demo).post(Platform.FLOWS + "/api/v1/flows/" + flowId + "/start").then().statusCode(202);
        String live = "Live-" + suffix;
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> send(Platform.INGRESS + "/hook/" + flowId, user, password,
                        "{\"petname\":\"" + live + "\",\"petstatus\":\"Sold\"}").statusCode() == 200);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    List<String> statuses = given().auth().oauth2(demo)
                            .get(Platform.FLOWS + "/api/v1/flows/" + flowId + "/executions")
                            .then().statusCode(200).extract().path("status");
                    return statuses != null && statuses.contains("succeeded");
                });
    }

    private static String credential(String name, String type, Map<String, Object> config) {
        return given().auth().oauth2(demo).contentType(ContentType.JSON)
                .body(Map.of("name", name, "type", type, "config", config))
                .post(Platform.CREDENTIALS + "/api/v1/credentials")
                .then().statusCode(201).extract().path("id");
    }

    /** A POST as curl sends it: Basic auth, a JSON body. */
    private static HttpResponse<String> send(String url, String user, String password, String json) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
