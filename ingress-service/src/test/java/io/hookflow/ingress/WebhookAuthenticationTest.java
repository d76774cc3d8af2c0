package io.hookflow.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.testsupport.KafkaResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * The webhook credential types end to end: a flow registry fed from flow.changed, credentials from the credential
 * service stub, events read back from the real webhook.received topic.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(CredentialServiceStub.class)
class WebhookAuthenticationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BODY = "{\"petname\":\"Gromit\",\"petstatus\":\"Sold\"}";
    private static final String WHSEC = "whsec_" + Base64.getEncoder().encodeToString("a 24 byte signing key...".getBytes());
    private static final String CHALLENGE = "Basic realm=\"hookflow\"";

    private static TestKafka kafka;

    @BeforeAll
    static void setUp() {
        kafka = new TestKafka();
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
    }

    // --- webhook-basic ----------------------------------------------------------------------------------------

    @Test
    void basicAcceptsTheRightUsernameAndPasswordAndKeepsThemOutOfTheEvent() throws Exception {
        String flowId = flowWith("webhook-basic", "{\"username\":\"gromit\",\"password\":\"cheese-on-toast\"}");
        String requestId = post(flowId, BODY, "Authorization", basic("gromit", "cheese-on-toast"))
                .statusCode(200).header("WWW-Authenticate", nullValue()).extract().path("requestId");

        String event = kafka.awaitWebhook(requestId).value();
        assertThat(JSON.readTree(event).get("headers").has("authorization")).isFalse();
        assertThat(event).doesNotContain("cheese-on-toast", basic("gromit", "cheese-on-toast").substring(6));
    }

    @Test
    void basicRejectsMissingOrWrongCredentialsWithTheBasicChallenge() {
        String flowId = flowWith("webhook-basic", "{\"username\":\"gromit\",\"password\":\"cheese-on-toast\"}");
        post(flowId, BODY).statusCode(401).header("WWW-Authenticate", CHALLENGE)
                .body("error", equalTo("Missing Authorization header with Basic credentials"));
        post(flowId, BODY, "Authorization", "Bearer cheese-on-toast").statusCode(401).header("WWW-Authenticate", CHALLENGE)
                .body("error", equalTo("Missing Authorization header with Basic credentials"));
        post(flowId, BODY, "Authorization", basic("gromit", "wrong")).statusCode(401).header("WWW-Authenticate", CHALLENGE)
                .body("error", equalTo("Basic credentials are wrong"));
        post(flowId, BODY, "Authorization", basic("wallace", "cheese-on-toast")).statusCode(401)
                .header("WWW-Authenticate", CHALLENGE).body("error", equalTo("Basic credentials are wrong"));
    }

    @Test
    void basicCredentialOfAnotherWorkspaceIsRefusedWithTheBasicChallenge() {
        String credentialId = newId();
        CredentialServiceStub.put(credentialId, "other", "webhook-basic", "{\"username\":\"gromit\",\"password\":\"p\"}");
        String flowId = activeFlow(credentialId);
        post(flowId, BODY, "Authorization", basic("gromit", "p")).statusCode(401).header("WWW-Authenticate", CHALLENGE)
                .body("error", equalTo("Authentication is missing or wrong"));
    }

    @Test
    void basicCredentialChangedWhileTheFlowIsLiveTakesEffectWithinFiveSeconds() {
        String credentialId = newId();
        CredentialServiceStub.put(credentialId, "demo", "webhook-basic", "{\"username\":\"gromit\",\"password\":\"old\"}");
        String flowId = activeFlow(credentialId);
        post(flowId, BODY, "Authorization", basic("gromit", "old")).statusCode(200);

        CredentialServiceStub.put(credentialId, "demo", "webhook-basic", "{\"username\":\"gromit\",\"password\":\"new\"}");
        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            post(flowId, BODY, "Authorization", basic("gromit", "old")).statusCode(401);
            post(flowId, BODY, "Authorization", basic("gromit", "new")).statusCode(200);
        });
    }

    @Test
    void deletedCredentialStopsAcceptingWithinFiveSeconds() {
        String credentialId = newId();
        CredentialServiceStub.put(credentialId, "demo", "webhook-apikey", "{\"headerName\":\"x-api-key\",\"apiKey\":\"k\"}");
        String flowId = activeFlow(credentialId);
        post(flowId, BODY, "x-api-key", "k").statusCode(200);

        CredentialServiceStub.remove(credentialId);
        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                post(flowId, BODY, "x-api-key", "k").statusCode(401));
    }

    // --- webhook-apikey ---------------------------------------------------------------------------------------

    @Test
    void apiKeyAcceptsTheKeyInTheCredentialsHeaderWhateverTheCaseAndKeepsItOutOfTheEvent() throws Exception {
        String flowId = flowWith("webhook-apikey", "{\"headerName\":\"X-Partner-Key\",\"apiKey\":\"pk-2718281828\"}");
        for (String header : new String[] {"X-Partner-Key", "x-partner-key", "X-PARTNER-KEY"}) {
            String requestId = post(flowId, BODY, header, "pk-2718281828").statusCode(200).extract().path("requestId");
            String event = kafka.awaitWebhook(requestId).value();
            assertThat(JSON.readTree(event).get("headers").has("x-partner-key")).isFalse();
            assertThat(event).doesNotContain("pk-2718281828");
        }
    }

    @Test
    void apiKeyRejectsAMissingOrWrongKey() {
        String flowId = flowWith("webhook-apikey", "{\"headerName\":\"x-api-key\",\"apiKey\":\"pk-2718281828\"}");
        post(flowId, BODY).statusCode(401).header("WWW-Authenticate", nullValue())
                .body("error", equalTo("Missing API key header x-api-key"));
        post(flowId, BODY, "x-other-key", "pk-2718281828").statusCode(401).body("error", equalTo("Missing API key header x-api-key"));
        post(flowId, BODY, "x-api-key", "pk-2718281829").statusCode(401).body("error", equalTo("API key is wrong"));
        post(flowId, BODY, "x-api-key", "pk-271828182").statusCode(401).body("error", equalTo("API key is wrong"));
    }

    // --- webhook-hmac -----------------------------------------------------------------------------------------

    @Test
    void hmacAcceptsEachAlgorithmAndEncodingOfTheRawBody() throws Exception {
        for (String algorithm : new String[] {"sha256", "sha512"}) {
            for (String encoding : new String[] {"hex", "base64"}) {
                String flowId = flowWith("webhook-hmac", "{\"secret\":\"s3cr3t\",\"algorithm\":\"" + algorithm
                        + "\",\"encoding\":\"" + encoding + "\",\"headerName\":\"x-eio-signature\",\"replayProtection\":false}");
                String signature = sign(algorithm, encoding, "s3cr3t", BODY);
                String requestId = post(flowId, BODY, "x-eio-signature", signature).statusCode(200).extract().path("requestId");

                String event = kafka.awaitWebhook(requestId).value();
                assertThat(JSON.readTree(event).get("body")).isEqualTo(JSON.readTree(BODY));
                assertThat(JSON.readTree(event).get("headers").has("x-eio-signature")).isFalse();
                assertThat(event).doesNotContain("s3cr3t", signature);

                post(flowId, BODY.replace("Sold", "Available"), "x-eio-signature", signature).statusCode(401)
                        .body("error", equalTo("Signature does not match the body"));
            }
        }
    }

    @Test
    void hmacAcceptsAGitHubStylePrefixAndAnyCaseOfTheHeaderName() {
        String flowId = flowWith("webhook-hmac", "{\"secret\":\"s3cr3t\",\"algorithm\":\"sha256\",\"encoding\":\"hex\","
                + "\"headerName\":\"X-Hub-Signature-256\",\"replayProtection\":false}");
        String signature = sign("sha256", "hex", "s3cr3t", BODY);
        post(flowId, BODY, "X-Hub-Signature-256", "sha256=" + signature).statusCode(200);
        post(flowId, BODY, "x-hub-signature-256", signature.toUpperCase()).statusCode(200);
        post(flowId, BODY, "X-HUB-SIGNATURE-256", signature).statusCode(200);
    }

    @Test
    void hmacRejectsAMissingMalformedOrWrongSignature() {
        String flowId = flowWith("webhook-hmac", "{\"secret\":\"s3cr3t\",\"algorithm\":\"sha256\",\"encoding\":\"hex\","
                + "\"headerName\":\"x-eio-signature\",\"replayProtection\":false}");
        post(flowId, BODY).statusCode(401).body("error", equalTo("Missing signature header x-eio-signature"));
        post(flowId, BODY, "x-eio-signature", "not-a-signature").statusCode(401)
                .body("error", equalTo("Malformed signature header x-eio-signature (expected the hex-encoded HMAC-SHA256"
                        + " of the body, optionally prefixed sha256=)"));
        post(flowId, BODY, "x-eio-signature", sign("sha256", "hex", "other-secret", BODY)).statusCode(401)
                .body("error", equalTo("Signature does not match the body"));
    }

    // --- webhook-hmac with replay protection (Standard Webhooks) ----------------------------------------------

    @Test
    void standardWebhooksAcceptsASignedCallWithTheRequestIdDerivedFromItsId() throws Exception {
        String flowId = standardWebhooksFlow(WHSEC);
        String id = "msg_" + newId();
        long now = Instant.now().getEpochSecond();
        String signature = standardSignature(WHSEC, id, now, BODY);
        String requestId = post(flowId, BODY, "webhook-id", id, "webhook-timestamp", "" + now, "webhook-signature", signature)
                .statusCode(200).extract().path("requestId");

        assertThat(requestId).isEqualTo(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest((flowId + ":" + id).getBytes(StandardCharsets.UTF_8))).substring(0, 32));
        String event = kafka.awaitWebhook(requestId).value();
        JsonNode headers = JSON.readTree(event).get("headers");
        assertThat(headers.get("webhook-id").asText()).isEqualTo(id);
        assertThat(headers.has("webhook-signature")).isFalse();
        assertThat(event).doesNotContain(WHSEC.substring(6), signature.substring(3));
    }

    @Test
    void standardWebhooksResendIsAnsweredWithTheFirstRequestIdAndPublishedOnce() {
        String flowId = standardWebhooksFlow(WHSEC);
        String id = "msg_" + newId();
        long first = Instant.now().getEpochSecond() - 10;
        String requestId = post(flowId, BODY, "webhook-id", id, "webhook-timestamp", "" + first,
                "webhook-signature", standardSignature(WHSEC, id, first, BODY)).statusCode(200).extract().path("requestId");

        // The sender's retry: same id, signed again with a newer timestamp.
        long retry = first + 5;
        post(flowId, BODY, "webhook-id", id, "webhook-timestamp", "" + retry,
                "webhook-signature", standardSignature(WHSEC, id, retry, BODY))
                .statusCode(200).body("requestId", equalTo(requestId));

        assertThat(kafka.allWebhooks(requestId)).hasSize(1);
    }

    @Test
    void standardWebhooksConcurrentDuplicatesShareOnePublish() throws Exception {
        String flowId = standardWebhooksFlow(WHSEC);
        String id = "msg_" + newId();
        long now = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/hook/" + flowId))
                .header("Content-Type", "application/json").header("webhook-id", id)
                .header("webhook-timestamp", "" + now).header("webhook-signature", standardSignature(WHSEC, id, now, BODY))
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        List<String> requestIds = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.get();
            assertThat(response.statusCode()).isEqualTo(200);
            requestIds.add(JSON.readTree(response.body()).get("requestId").asText());
        }
        assertThat(requestIds).containsOnly(requestIds.get(0));
        assertThat(kafka.allWebhooks(requestIds.get(0))).hasSize(1);
    }

    @Test
    void standardWebhooksResendWithABadSignatureIsRejected() {
        String flowId = standardWebhooksFlow(WHSEC);
        String id = "msg_" + newId();
        long now = Instant.now().getEpochSecond();
        post(flowId, BODY, "webhook-id", id, "webhook-timestamp", "" + now,
                "webhook-signature", standardSignature(WHSEC, id, now, BODY)).statusCode(200);
        String forged = "v1," + Base64.getEncoder().encodeToString(new byte[32]);
        post(flowId, BODY, "webhook-id", id, "webhook-timestamp", "" + now, "webhook-signature", forged)
                .statusCode(401).body("error", equalTo("No webhook-signature entry matches the body"));
    }

    @Test
    void standardWebhooksTakesTimestampsWithinFiveMinutesEitherWayAndRejectsOthers() {
        String flowId = standardWebhooksFlow(WHSEC);
        long now = Instant.now().getEpochSecond();
        for (long offset : new long[] {-240, 240}) {
            String id = "msg_" + newId();
            post(flowId, BODY, "webhook-id", id, "webhook-timestamp", "" + (now + offset),
                    "webhook-signature", standardSignature(WHSEC, id, now + offset, BODY)).statusCode(200);
        }
        String old = "msg_" + newId();
        post(flowId, BODY, "webhook-id", old, "webhook-timestamp", "" + (now - 360),
                "webhook-signature", standardSignature(WHSEC, old, now - 360, BODY))
                .statusCode(401).body("error", equalTo("webhook-timestamp is more than 5 minutes old"));
        String future = "msg_" + newId();
        post(flowId, BODY, "webhook-id", future, "webhook-timestamp", "" + (now + 360),
                "webhook-signature", standardSignature(WHSEC, future, now + 360, BODY))
                .statusCode(401).body("error", equalTo("webhook-timestamp is more than 5 minutes in the future"));
    }

    @Test
    void standardWebhooksAcceptsARotatedSignatureList() {
        String flowId = standardWebhooksFlow(WHSEC);
        String id = "msg_" + newId();
        long now = Instant.now().getEpochSecond();
        String oldSecret = "whsec_" + Base64.getEncoder().encodeToString("the previous signing key".getBytes());
        String list = standardSignature(oldSecret, id, now, BODY) + " " + standardSignature(WHSEC, id, now, BODY);
        post(flowId, BODY, "webhook-id", id, "webhook-timestamp", "" + now, "webhook-signature", list).statusCode(200);
    }

    @Test
    void standardWebhooksRejectsMissingHeadersWrongSecretsAndAChangedBody() {
        String flowId = standardWebhooksFlow(WHSEC);
        String id = "msg_" + newId();
        long now = Instant.now().getEpochSecond();
        String signature = standardSignature(WHSEC, id, now, BODY);
        post(flowId, BODY, "webhook-timestamp", "" + now, "webhook-signature", signature)
                .statusCode(401).body("error", equalTo("Missing webhook-id header"));
        post(flowId, BODY, "webhook-id", id, "webhook-timestamp", "" + now, "webhook-signature", "v1")
                .statusCode(401).body("error", equalTo("Malformed signature header webhook-signature"
                        + " (expected space-separated v1,<base64> entries)"));
        String otherSecret = "whsec_" + Base64.getEncoder().encodeToString("someone else's key".getBytes());
        post(flowId, BODY, "webhook-id", id, "webhook-timestamp", "" + now,
                "webhook-signature", standardSignature(otherSecret, id, now, BODY))
                .statusCode(401).body("error", equalTo("No webhook-signature entry matches the body"));
        post(flowId, BODY + " ", "webhook-id", id, "webhook-timestamp", "" + now, "webhook-signature", signature)
                .statusCode(401).body("error", equalTo("No webhook-signature entry matches the body"));
    }

    @Test
    void standardWebhooksWithASecretThatIsNotWhsecBase64RejectsEverything() {
        String flowId = standardWebhooksFlow("whsec_***not base64***");
        String id = "msg_" + newId();
        long now = Instant.now().getEpochSecond();
        post(flowId, BODY, "webhook-id", id, "webhook-timestamp", "" + now,
                "webhook-signature", standardSignature(WHSEC, id, now, BODY))
                .statusCode(401).body("error", equalTo("The webhook's secret is not a Standard Webhooks secret"
                        + " (whsec_ followed by base64); fix the credential"));
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private static ValidatableResponse post(String flowId, String body, String... headers) {
        RequestSpecification request = given().contentType("application/json").body(body.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.when().post("/hook/" + flowId).then();
    }

    private static String standardWebhooksFlow(String secret) {
        return flowWith("webhook-hmac", "{\"secret\":\"" + secret + "\",\"algorithm\":\"sha256\",\"encoding\":\"hex\","
                + "\"headerName\":\"x-eio-signature\",\"replayProtection\":true}");
    }

    private static String flowWith(String type, String configJson) {
        String credentialId = newId();
        CredentialServiceStub.put(credentialId, "demo", type, configJson);
        return activeFlow(credentialId);
    }

    private static String activeFlow(String credentialId) {
        String flowId = newId();
        kafka.flowChanged(flowId, "active", 1, credentialId, 1000);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().head("/hook/" + flowId).then().statusCode(200));
        return flowId;
    }

    private static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String sign(String algorithm, String encoding, String secret, String body) {
        byte[] mac = hmac("sha512".equals(algorithm) ? "HmacSHA512" : "HmacSHA256",
                secret.getBytes(StandardCharsets.UTF_8), body);
        return "base64".equals(encoding) ? Base64.getEncoder().encodeToString(mac) : HexFormat.of().formatHex(mac);
    }

    private static String standardSignature(String whsec, String id, long timestamp, String body) {
        byte[] key = Base64.getDecoder().decode(whsec.substring("whsec_".length()));
        return "v1," + Base64.getEncoder().encodeToString(hmac("HmacSHA256", key, id + "." + timestamp + "." + body));
    }

    private static byte[] hmac(String algorithm, byte[] key, String body) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
