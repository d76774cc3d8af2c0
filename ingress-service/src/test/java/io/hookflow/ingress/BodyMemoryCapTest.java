package io.hookflow.ingress;

import io.hookflow.ingress.service.InFlightBodies;
import io.hookflow.testsupport.KafkaResource;
import io.hookflow.testsupport.PrometheusScrape;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * The cap on body bytes held at once ({@code ingress.max-body-bytes-in-flight}), here 100 KB with bodies of up to 64 KiB:
 * two 40 KB bodies whose senders have sent their headers (so their bytes are reserved) but not yet their bodies fill it,
 * so a third call answers 503 with Retry-After, while the two are accepted and reach Kafka once sent. After every test
 * the bytes held are back to zero: after 200s, refusals (400, 401, 404, 413, 415, 503) and a sender that went away.
 */
@QuarkusTest
@TestProfile(BodyMemoryCapTest.SmallCap.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(CredentialServiceStub.class)
class BodyMemoryCapTest {

    /** 100 KB of bodies in flight, bodies up to 64 KiB. */
    public static class SmallCap implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ingress.max-body-bytes-in-flight", "100000", "ingress.max-body-size", "64K");
        }
    }

    private static final String NOAUTH = "cafe00000000000000000001";
    private static final String APIKEY = "cafe00000000000000000002";
    private static final int BODY = 40_000;
    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\":\"([0-9a-f]{32})\"");

    private static TestKafka kafka;
    private static String flow;

    @Inject
    InFlightBodies bodies;

    @BeforeAll
    static void setUp() {
        kafka = new TestKafka();
        CredentialServiceStub.put(NOAUTH, "demo", "webhook-noauth", "{}");
        CredentialServiceStub.put(APIKEY, "demo", "webhook-apikey", "{\"apiKey\":\"k\"}");
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
    }

    /** The No Auth flow every test posts to, made active on first use. */
    private static String flowId() {
        if (flow == null) {
            flow = activeFlow(NOAUTH);
        }
        return flow;
    }

    @AfterEach
    void nothingIsHeldAfterwards() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(bodies.bytes()).isZero());
    }

    @Test
    void answers503WithRetryAfterOverTheCapAndAcceptsTheBodiesWithinIt() throws Exception {
        byte[] first = json(BODY, "first");
        byte[] second = json(BODY, "second");
        try (Socket a = startPost(flowId(), BODY, false); Socket b = startPost(flowId(), BODY, false)) {
            awaitHeld(2L * BODY);
            double busy = PrometheusScrape.now().value("hookflow_webhooks_received_total", "reason", "busy");

            given().contentType(ContentType.JSON).body(json(BODY, "third")).when().post("/hook/" + flowId())
                    .then().statusCode(503)
                    .header("Retry-After", "5")
                    .contentType(ContentType.JSON)
                    .body("error", containsString("please retry later"));
            assertThat(bodies.bytes()).as("a refused call holds nothing").isEqualTo(2L * BODY);
            // counted as the memory cap's refusal, not as Kafka's (both answer 503)
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(PrometheusScrape.now()
                    .value("hookflow_webhooks_received_total", "outcome", "unavailable", "reason", "busy",
                            "status", "503")).isEqualTo(busy + 1));

            String answerA = finish(a, first);
            String answerB = finish(b, second);
            assertThat(answerA).startsWith("HTTP/1.1 200");
            assertThat(answerB).startsWith("HTTP/1.1 200");
            assertThat(new String(publishedEvent(answerA), StandardCharsets.UTF_8)).contains("\"first\"");
            assertThat(new String(publishedEvent(answerB), StandardCharsets.UTF_8)).contains("\"second\"");
        }
        awaitHeld(0);
        // Once the others are done, the refused call's retry is taken.
        String requestId = given().contentType(ContentType.JSON).body(json(BODY, "third")).when().post("/hook/" + flowId())
                .then().statusCode(200).extract().path("requestId");
        assertThat(kafka.awaitWebhook(requestId).value()).contains("\"third\"");
    }

    @Test
    void answersASenderWaitingFor100ContinueAtOnce() throws Exception {
        try (Socket a = startPost(flowId(), BODY, false); Socket b = startPost(flowId(), BODY, false)) {
            awaitHeld(2L * BODY);
            String answer;
            try (Socket waiting = startPost(flowId(), BODY, true)) {
                answer = readAnswer(waiting); // the sender never sends its body
            }
            assertThat(answer).startsWith("HTTP/1.1 503");
            assertThat(answer.toLowerCase()).contains("retry-after: 5").contains("connection: close");
            assertThat(answer).contains("{\"error\":");
            assertThat(finish(a, json(BODY, "a"))).startsWith("HTTP/1.1 200");
            assertThat(finish(b, json(BODY, "b"))).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void aSenderThatGoesAwayMidBodyHoldsNothing() throws Exception {
        try (Socket gone = startPost(flowId(), BODY, false)) {
            gone.getOutputStream().write(json(BODY, "cut"), 0, 1000);
            gone.getOutputStream().flush();
            awaitHeld(BODY);
        }
        // @AfterEach: back to zero once the connection's close is seen.
    }

    @Test
    void refusedCallsHoldNothing() {
        given().contentType(ContentType.JSON).body("{\"broken\":").when().post("/hook/" + flowId()).then().statusCode(400);
        given().contentType(ContentType.JSON).body(json(BODY, "wrong key")).header("x-api-key", "nope")
                .when().post("/hook/" + activeFlow(APIKEY)).then().statusCode(401);
        given().contentType(ContentType.JSON).body(json(BODY, "nobody")).when().post("/hook/cafe000000000000000000ff")
                .then().statusCode(404);
        assertThat(WithoutContentType.post("/hook/" + flowId(), "<a/>".getBytes()).statusCode()).isEqualTo(415);
        given().contentType(ContentType.JSON).body(json(70_000, "too large")).when().post("/hook/" + flowId())
                .then().statusCode(413);
        // Chunked (no Content-Length): the largest body is reserved while reading, and it is cut off at the limit.
        given().contentType(ContentType.JSON).body(new ByteArrayInputStream(json(70_000, "too large")))
                .when().post("/hook/" + flowId()).then().statusCode(413);
    }

    @Test
    void aChunkedBodyIsAcceptedAndHoldsNothingAfterwards() {
        String requestId = given().contentType(ContentType.JSON).body(new ByteArrayInputStream(json(BODY, "chunked")))
                .when().post("/hook/" + flowId()).then().statusCode(200).extract().path("requestId");
        assertThat(kafka.awaitWebhook(requestId).value()).contains("\"chunked\"");
    }

    private void awaitHeld(long bytes) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(bodies.bytes()).isEqualTo(bytes));
    }

    /** The webhook.received event of an answer's requestId. */
    private static byte[] publishedEvent(String answer) {
        Matcher m = REQUEST_ID.matcher(answer);
        assertThat(m.find()).as("a requestId in " + answer).isTrue();
        List<ConsumerRecord<String, String>> records = kafka.allWebhooks(m.group(1));
        assertThat(records).hasSize(1);
        return records.get(0).value().getBytes(StandardCharsets.UTF_8);
    }

    /** Sends a POST's headers only; the server reserves the body's bytes on reading them. */
    private static Socket startPost(String flow, int length, boolean expectContinue) throws IOException {
        Socket socket = new Socket("localhost", RestAssured.port);
        socket.setSoTimeout(30_000);
        String head = "POST /hook/" + flow + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + length + "\r\n" + (expectContinue ? "Expect: 100-continue\r\n" : "")
                + "Connection: close\r\n\r\n";
        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** Sends the body and reads the whole answer (the connection closes after it). */
    private static String finish(Socket socket, byte[] body) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(body);
        out.flush();
        return readAll(socket);
    }

    private static String readAll(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Reads one answer: its head, then as many bytes as its Content-Length says. */
    private static String readAnswer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("an answer before the connection ends: " + head).isNotNegative();
            head.append((char) b);
        }
        Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        assertThat(length.find()).as("Content-Length in " + head).isTrue();
        return head + new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
    }

    /** A JSON object of exactly {@code size} bytes carrying {@code mark}. */
    private static byte[] json(int size, String mark) {
        String head = "{\"mark\":\"" + mark + "\",\"pad\":\"";
        return (head + "x".repeat(size - head.length() - 2) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static String activeFlow(String credentialId) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        kafka.flowChanged(id, "active", 1, credentialId, 1000);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().head("/hook/" + id).then().statusCode(200));
        return id;
    }
}
