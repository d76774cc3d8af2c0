package io.hookflow.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.testsupport.KafkaResource;
import io.hookflow.testsupport.PrometheusScrape;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The public front door against forgery and starvation: what a signature covers on GET, the flow's rate limit charged
 * only for authenticated calls while failed authentications are limited per source, credentials compared as the
 * UTF-8 bytes clients send, and the headers every answer carries. Calls that must come from another address, or carry
 * bytes REST Assured will not send, go over raw sockets.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(CredentialServiceStub.class)
class WebhookFrontDoorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PARTNER = "127.0.0.1";
    private static final String STRANGER = "127.0.0.2";

    private static TestKafka kafka;

    @BeforeAll
    static void setUp() {
        kafka = new TestKafka();
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
    }

    // --- signatures cover what is used ----------------------------------------------------------------------------

    @Test
    void refusesTheGetForgeryWithTheEmptyBodysSignatureAndPublishesNothing() {
        String flowId = flowWith("webhook-hmac", "{\"secret\":\"s3cr3t\"}", 100);
        String emptyBodySignature = HexFormat.of().formatHex(hmac("s3cr3t", ""));
        String requestId = newId() + "abcdef01";

        given().header("x-eio-signature", emptyBodySignature).header("x-request-id", requestId)
                .when().get("/hook/" + flowId + "?petname=Mallory&petstatus=sold")
                .then().statusCode(401).contentType(ContentType.JSON)
                .body("error", containsString("takes no query parameters on GET"));
        assertThat(kafka.allWebhooks(requestId)).isEmpty();

        // The same signature on a GET without parameters is what it signs: an empty event.
        String pingId = given().header("x-eio-signature", emptyBodySignature)
                .when().get("/hook/" + flowId).then().statusCode(200).extract().path("requestId");
        assertThat(body(kafka.awaitWebhook(pingId).value())).isEqualTo(JSON.createObjectNode());
    }

    // --- rate limits that protect the partner ---------------------------------------------------------------------

    @Test
    void aFloodOfFailedAuthenticationsAtTenTimesTheLimitLeavesThePartnersBudgetWhole() throws Exception {
        int limit = 20;
        String flowId = flowWith("webhook-apikey", "{\"apiKey\":\"partner-key\"}", limit);
        PrometheusScrape before = PrometheusScrape.now();

        Map<Integer, Integer> strangerAnswers = new LinkedHashMap<>();
        RawAnswer limited = null;
        List<Integer> partnerAnswers = new ArrayList<>();
        for (int i = 0; i < 10 * limit; i++) {
            RawAnswer answer = raw(STRANGER, "POST /hook/" + flowId + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nx-api-key: guess-" + i + "\r\nContent-Length: 2\r\n"
                    + "Connection: close\r\n\r\n{}");
            strangerAnswers.merge(answer.status, 1, Integer::sum);
            if (answer.status == 429 && limited == null) {
                limited = answer;
            }
            if (i % 20 == 0) { // half the limit: 10 calls while the stranger sends 200
                partnerAnswers.add(given().contentType(ContentType.JSON).header("x-api-key", "partner-key").body("{}")
                        .when().post("/hook/" + flowId).statusCode());
            }
        }

        assertThat(partnerAnswers).hasSize(10).containsOnly(200);
        assertThat(strangerAnswers).containsOnlyKeys(401, 429);
        assertThat(limited).as("a failed authentication over the per-source limit").isNotNull();
        assertThat(limited.header("content-type")).startsWith("application/json");
        assertThat(limited.header("retry-after")).matches("[1-9][0-9]*");
        assertThat(JSON.readTree(limited.body).get("error").asText()).contains("Too many failed authentications");

        String[] labels = {"outcome", "rejected", "reason", "auth_rate_limited", "status", "429"};
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                PrometheusScrape.now().value("hookflow_webhooks_received_total", labels)
                        - before.value("hookflow_webhooks_received_total", labels))
                .isEqualTo((double) strangerAnswers.get(429)));
    }

    @Test
    void thePartnersOwnCallsOverTheLimitStillAnswer429() {
        String flowId = flowWith("webhook-apikey", "{\"apiKey\":\"partner-key\"}", 2);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(given().contentType(ContentType.JSON).header("x-api-key", "partner-key").body("{}")
                    .when().post("/hook/" + flowId).statusCode());
        }
        assertThat(statuses.subList(0, 2)).containsOnly(200);
        assertThat(statuses).contains(429);
    }

    // --- encodings ------------------------------------------------------------------------------------------------

    @Test
    void acceptsANonAsciiApiKeySentAsUtf8AndRefusesItsLatin1Bytes() throws Exception {
        String key = "clé-ünïcødé-🔑";
        String flowId = flowWith("webhook-apikey", "{\"apiKey\":\"" + key + "\"}", 100);
        String requestId = newId() + "abcdef02";

        RawAnswer accepted = raw(PARTNER, utf8Request(flowId, requestId, key.getBytes(StandardCharsets.UTF_8)));
        assertThat(accepted.status).as(accepted.body).isEqualTo(200);
        assertThat(kafka.awaitWebhook(requestId).value()).doesNotContain("ünïcødé");

        String latin1FlowId = flowWith("webhook-apikey", "{\"apiKey\":\"clé\"}", 100);
        assertThat(raw(PARTNER, utf8Request(latin1FlowId, newId() + "abcdef03", "clé".getBytes(StandardCharsets.ISO_8859_1)))
                .status).isEqualTo(401);
        assertThat(raw(PARTNER, utf8Request(latin1FlowId, newId() + "abcdef04", "clé".getBytes(StandardCharsets.UTF_8)))
                .status).isEqualTo(200);
    }

    @Test
    void acceptsANonAsciiBasicPassword() {
        String flowId = flowWith("webhook-basic", "{\"username\":\"grómit\",\"password\":\"fromage-à-l'œil\"}", 100);
        String credentials = Base64.getEncoder().encodeToString("grómit:fromage-à-l'œil".getBytes(StandardCharsets.UTF_8));
        given().contentType(ContentType.JSON).header("Authorization", "Basic " + credentials).body("{}")
                .when().post("/hook/" + flowId).then().statusCode(200);
    }

    // --- headers on every answer ----------------------------------------------------------------------------------

    @Test
    void everyAnswerCarriesNosniffAndNoStore() {
        String flowId = flowWith("webhook-apikey", "{\"apiKey\":\"k\"}", 100);
        List<Response> answers = List.of(
                given().contentType(ContentType.JSON).header("x-api-key", "k").body("{}").when().post("/hook/" + flowId),
                given().contentType(ContentType.JSON).body("{}").when().post("/hook/" + flowId),
                given().contentType(ContentType.JSON).body("{}").when().post("/hook/" + newId()),
                given().contentType(ContentType.JSON).body("{\"big\":\"" + "x".repeat(2048) + "\"}").when().post("/hook/" + flowId),
                given().when().head("/hook/" + flowId),
                given().when().head("/hook/" + newId()),
                given().when().get("/nothing/here"),
                given().when().delete("/hook/" + flowId));
        for (Response answer : answers) {
            assertThat(answer.header("X-Content-Type-Options")).as("status %d", answer.statusCode()).isEqualTo("nosniff");
            assertThat(answer.header("Cache-Control")).as("status %d", answer.statusCode()).isEqualTo("no-store");
        }
        assertThat(answers.stream().map(Response::statusCode)).contains(200, 401, 404, 413, 405);
        var unsupported = WithoutContentType.post("/hook/" + flowId, "<a/>".getBytes(), "x-api-key", "k");
        assertThat(unsupported.statusCode()).isEqualTo(415);
        assertThat(unsupported.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(unsupported.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void answersAJson413ForADeclaredBodyOverTheLimitOnAnyPath() {
        // Found by WebhookFuzzTest: off /hook/*, Quarkus's own upload limit answered 413 without a body.
        for (String path : List.of("/nothing/here", "/", "/q/health")) {
            given().contentType(ContentType.JSON).body("[" + " ".repeat(2048) + "]").when().post(path)
                    .then().statusCode(413).contentType(ContentType.JSON)
                    .body("error", equalTo("The request body is larger than 1024 bytes"));
        }
    }

    @Test
    void theHttpLayersOwnRefusalsAreJsonWithTheSameHeaders() throws IOException {
        // Answered before any route runs: by Netty's decoder (via the server's invalid-request handler) or by the URI
        // check in front of Quarkus's router. The extension http-json-errors gives them the platform's {"error"} body.
        String flowId = flowWith("webhook-noauth", "{}", 100);
        String longTarget = "/hook/" + flowId + "?q=" + "a".repeat(8192);
        String bigHeader = "x-big: " + "b".repeat(40_000) + "\r\n";
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("POST /hook/" + flowId + "/%zz HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", 400);
        expected.put("GET /hook/" + flowId + "?a=% HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", 400);
        expected.put("GET /hook/" + flowId + "?a=b|c HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", 400);
        expected.put("GET " + longTarget + " HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", 414);
        expected.put("POST /hook/" + flowId + " HTTP/1.1\r\nHost: h\r\n" + bigHeader + "Connection: close\r\n\r\n", 431);
        expected.put("POST /hook/" + flowId + " HTTP/1.1\r\nHost: h\r\nno colon here\r\nConnection: close\r\n\r\n", 400);
        expected.put("POST /hook/" + flowId + " HTTP/1.1\r\nHost: h\r\nContent-Length: x\r\nConnection: close\r\n\r\n", 400);
        expected.put("POST /hook/" + flowId + " HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\nZZ\r\n", 400);
        for (Map.Entry<String, Integer> entry : expected.entrySet()) {
            String described = entry.getKey().substring(0, Math.min(80, entry.getKey().indexOf("\r\n")));
            RawAnswer answer = raw(PARTNER, entry.getKey());
            assertThat(answer.status()).as(described).isEqualTo(entry.getValue());
            assertThat(answer.header("content-type")).as(described).startsWith("application/json");
            assertThat(answer.header("x-content-type-options")).as(described).isEqualTo("nosniff");
            assertThat(answer.header("cache-control")).as(described).isEqualTo("no-store");
            assertThat(JSON.readTree(answer.body()).path("error").asText()).as(described).isNotBlank();
        }
        // and a well-formed request on the same server still goes through
        given().contentType(ContentType.JSON).body("{\"petname\":\"Gromit\"}").when().post("/hook/" + flowId)
                .then().statusCode(200).body("requestId", org.hamcrest.Matchers.notNullValue());
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private static byte[] utf8Request(String flowId, String requestId, byte[] apiKey) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("POST /hook/" + flowId + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "x-request-id: " + requestId + "\r\nx-api-key: ").getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(apiKey);
        request.writeBytes("\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}".getBytes(StandardCharsets.US_ASCII));
        return request.toByteArray();
    }

    private record RawAnswer(int status, Map<String, String> headers, String body) {
        String header(String lowerCaseName) {
            return headers.get(lowerCaseName);
        }
    }

    private static RawAnswer raw(String fromAddress, String request) throws IOException {
        return raw(fromAddress, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends one HTTP/1.1 request (with Connection: close) from a local address and reads the answer to its end. */
    private static RawAnswer raw(String fromAddress, byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(10_000);
            socket.bind(new InetSocketAddress(fromAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", RestAssured.port), 5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String[] lines = (end < 0 ? text : text.substring(0, end)).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
                }
            }
            // a request whose start line Netty could not read is answered as HTTP/1.0
            int status = lines[0].matches("HTTP/1\\.[01] \\d{3}.*") ? Integer.parseInt(lines[0].substring(9, 12)) : -1;
            return new RawAnswer(status, headers, end < 0 ? "" : text.substring(end + 4));
        }
    }

    private static JsonNode body(String event) {
        try {
            return JSON.readTree(event).get("body");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String flowWith(String type, String configJson, int rateLimitPerSecond) {
        String credentialId = newId();
        CredentialServiceStub.put(credentialId, "demo", type, configJson);
        String flowId = newId();
        kafka.flowChanged(flowId, "active", 1, credentialId, rateLimitPerSecond);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().head("/hook/" + flowId).then().statusCode(200));
        return flowId;
    }

    private static byte[] hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
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
