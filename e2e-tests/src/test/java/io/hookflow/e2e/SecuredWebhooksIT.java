package io.hookflow.e2e;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

/**
 * "Securing your webhooks" on the running platform: one flow per webhook credential type, each call
 * checked at the real ingress with credentials held encrypted by the real credential-service; then a
 * search of every API response, service log, Kafka topic and run record of this run for each secret used.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecuredWebhooksIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BODY = "{\"petname\":\"Shaun\",\"petstatus\":\"Available\"}";

    private static final String BASIC_USER = "hook-user-" + random(6);
    private static final String BASIC_PASSWORD = "pw-" + random(24);
    private static final String NEW_BASIC_PASSWORD = "pw2-" + random(24);
    private static final String API_KEY = "ak-" + random(24);
    private static final String HMAC_SECRET = "hs-" + random(24);
    private static final byte[] WHSEC_KEY = randomBytes(32);
    private static final String WHSEC = "whsec_" + Base64.getEncoder().encodeToString(WHSEC_KEY);

    /** Every response body and header block this class received, searched for secrets at the end. */
    private static final List<String> RESPONSES = new ArrayList<>();
    private static final List<String> FLOWS = new ArrayList<>();

    private static String demo;
    private static String petstoreKey;
    private static String petstoreCredential;
    private static String basicCredential;
    private static String basicFlow;
    private static String apiKeyFlow;
    private static String hmacFlow;
    private static String replayFlow;

    @BeforeAll
    static void setUp() {
        Filter capture = (request, response, ctx) -> {
            Response r = ctx.next(request, response);
            synchronized (RESPONSES) {
                RESPONSES.add(r.getHeaders().toString() + "\n" + r.asString());
            }
            return r;
        };
        RestAssured.filters(capture);
        demo = Platform.token("demo");
        petstoreKey = Platform.localSecret("petstore-test-key");
        petstoreCredential = createCredential("Secured Petstore", "petstore", Map.of("apiKey", petstoreKey));

        basicCredential = createCredential("Basic hook", "webhook-basic",
                Map.of("username", BASIC_USER, "password", BASIC_PASSWORD));
        basicFlow = liveFlow("Basic", basicCredential);
        apiKeyFlow = liveFlow("API key", createCredential("API key hook", "webhook-apikey",
                Map.of("headerName", "X-Hook-Key", "apiKey", API_KEY)));
        hmacFlow = liveFlow("HMAC", createCredential("HMAC hook", "webhook-hmac",
                Map.of("secret", HMAC_SECRET, "algorithm", "sha512", "encoding", "base64")));
        replayFlow = liveFlow("Standard Webhooks", createCredential("Replay-protected hook", "webhook-hmac",
                Map.of("secret", WHSEC, "replayProtection", true)));
    }

    @AfterAll
    static void tearDown() {
        RestAssured.reset();
    }

    @Test
    @Order(1)
    void basicWebhookAcceptsOnlyItsUsernameAndPassword() {
        post(basicFlow).then().statusCode(401)
                .header("WWW-Authenticate", containsString("Basic realm=\"hookflow\""))
                .body("error", notNullValue());
        given().auth().preemptive().basic(BASIC_USER, "wrong").contentType(ContentType.JSON).body(BODY)
                .post(hook(basicFlow)).then().statusCode(401).body("error", notNullValue());

        String executionId = given().auth().preemptive().basic(BASIC_USER, BASIC_PASSWORD)
                .contentType(ContentType.JSON).body(BODY)
                .post(hook(basicFlow)).then().statusCode(200)
                .body("requestId", matchesPattern("[0-9a-f]{32}")).extract().path("executionId");
        awaitSucceeded(executionId);
    }

    @Test
    @Order(2)
    void apiKeyWebhookMatchesItsHeaderNameInAnyCase() {
        post(apiKeyFlow).then().statusCode(401).body("error", containsStringIgnoringCase("x-hook-key"));
        given().header("X-Hook-Key", "ak-wrong").contentType(ContentType.JSON).body(BODY)
                .post(hook(apiKeyFlow)).then().statusCode(401);
        given().header("x-hook-key", API_KEY).contentType(ContentType.JSON).body(BODY)
                .post(hook(apiKeyFlow)).then().statusCode(200);
        String executionId = given().header("X-HOOK-KEY", API_KEY).contentType(ContentType.JSON).body(BODY)
                .post(hook(apiKeyFlow)).then().statusCode(200).extract().path("executionId");
        awaitSucceeded(executionId);
    }

    @Test
    @Order(3)
    void hmacWebhookChecksTheSignatureOfTheExactBody() throws Exception {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        String signature = Base64.getEncoder().encodeToString(hmac("HmacSHA512", HMAC_SECRET.getBytes(StandardCharsets.UTF_8), body));

        post(hmacFlow).then().statusCode(401).body("error", containsStringIgnoringCase("x-eio-signature"));
        byte[] changed = BODY.replace("Shaun", "Shawn").getBytes(StandardCharsets.UTF_8);
        given().header("x-eio-signature", signature).contentType(ContentType.JSON).body(changed)
                .post(hook(hmacFlow)).then().statusCode(401).body("error", notNullValue());

        String executionId = given().header("X-Eio-Signature", signature).contentType(ContentType.JSON).body(body)
                .post(hook(hmacFlow)).then().statusCode(200).extract().path("executionId");
        awaitSucceeded(executionId);
    }

    @Test
    @Order(4)
    void standardWebhooksRunEachMessageOnceAndRefuseStaleTimestamps() throws Exception {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        String id = "msg_" + random(12);
        long now = System.currentTimeMillis() / 1000;

        Response first = standardWebhook(id, now, body, "v1," + sign(id, now, body));
        first.then().statusCode(200);
        String requestId = first.path("requestId");
        standardWebhook(id, now, body, "v1," + sign(id, now, body))
                .then().statusCode(200).body("requestId", equalTo(requestId))
                .body("executionId", equalTo(first.path("executionId")));
        awaitSucceeded(first.path("executionId"));
        given().auth().oauth2(demo).queryParam("size", 100)
                .get(Platform.FLOWS + "/api/v1/flows/" + replayFlow + "/executions")
                .then().statusCode(200).header("X-Total-Count", "1");

        String oldId = "msg_" + random(12);
        long old = now - 600;
        standardWebhook(oldId, old, body, "v1," + sign(oldId, old, body))
                .then().statusCode(401).body("error", containsString("webhook-timestamp"));

        // A sender rotating its secret signs with both; the old signature no longer matches, the new one does.
        String rotatedId = "msg_" + random(12);
        String stale = Base64.getEncoder().encodeToString(randomBytes(32));
        standardWebhook(rotatedId, now, body, "v1," + stale + " v1," + sign(rotatedId, now, body))
                .then().statusCode(200);
    }

    @Test
    @Order(5)
    void aChangedCredentialTakesEffectAtTheWebhookWithinFiveSeconds() {
        given().auth().oauth2(demo).contentType(ContentType.JSON)
                .body(Map.of("name", "Basic hook", "type", "webhook-basic",
                        "config", Map.of("username", BASIC_USER, "password", NEW_BASIC_PASSWORD)))
                .put(Platform.CREDENTIALS + "/api/v1/credentials/" + basicCredential)
                .then().statusCode(200).body("config.password", equalTo("****"));

        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            given().auth().preemptive().basic(BASIC_USER, BASIC_PASSWORD).contentType(ContentType.JSON).body(BODY)
                    .post(hook(basicFlow)).then().statusCode(401);
            given().auth().preemptive().basic(BASIC_USER, NEW_BASIC_PASSWORD).contentType(ContentType.JSON).body(BODY)
                    .post(hook(basicFlow)).then().statusCode(200);
        });
    }

    @Test
    @Order(6)
    void aCredentialInUseByAnActiveFlowCannotBeDeleted() {
        given().auth().oauth2(demo).delete(Platform.CREDENTIALS + "/api/v1/credentials/" + basicCredential)
                .then().statusCode(409).body("error", containsString(basicFlow));
        given().auth().oauth2(demo).get(Platform.CREDENTIALS + "/api/v1/credentials/" + basicCredential)
                .then().statusCode(200);

        given().auth().oauth2(demo).post(Platform.FLOWS + "/api/v1/flows/" + basicFlow + "/stop")
                .then().statusCode(202);
        given().auth().oauth2(demo).delete(Platform.CREDENTIALS + "/api/v1/credentials/" + basicCredential)
                .then().statusCode(204);
        given().auth().preemptive().basic(BASIC_USER, NEW_BASIC_PASSWORD).contentType(ContentType.JSON).body(BODY)
                .post(hook(basicFlow)).then().statusCode(404);
    }

    @Test
    @Order(7)
    void theHttpLayersOwnRefusalsAreJsonOnThePackagedServices() throws IOException {
        // The packaged jars carry the http-json-errors extension's rewrites (done at build time): each refusal that
        // comes before any route is {"error"} JSON, on the public ingress and on an admin API alike.
        for (String base : List.of(Platform.INGRESS, Platform.FLOWS)) {
            java.net.URI uri = java.net.URI.create(base);
            Map<String, Integer> expected = new LinkedHashMap<>();
            expected.put("GET /hook/x/%zz HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", 400);
            expected.put("GET /hook/x HTTP/1.1\r\nHost: h\r\nx-big: " + "b".repeat(40_000) + "\r\n\r\n", 431);
            expected.put("GET /hook/x?" + "q".repeat(8_192) + " HTTP/1.1\r\nHost: h\r\n\r\n", 414);
            expected.put("GET /hook/x HTTP/1.1\r\nHost: h\r\nnot a header\r\n\r\n", 400);
            for (Map.Entry<String, Integer> entry : expected.entrySet()) {
                String answer = rawExchange(uri.getHost(), uri.getPort(), entry.getKey());
                String described = base + " " + entry.getKey().substring(0, Math.min(40, entry.getKey().indexOf(' ', 4)));
                int end = answer.indexOf("\r\n\r\n");
                assertThat(answer).as(described).matches("(?s)HTTP/1\\.[01] " + entry.getValue() + " .*");
                assertThat(answer.substring(0, Math.max(end, 0)).toLowerCase(java.util.Locale.ROOT)).as(described)
                        .contains("content-type: application/json", "x-content-type-options: nosniff");
                assertThat(answer.substring(end + 4)).as(described).startsWith("{\"error\":\"");
            }
        }
    }

    private static String rawExchange(String host, int port, String request) throws IOException {
        try (java.net.Socket socket = new java.net.Socket(host, port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            // each of these answers closes the connection, so the whole answer is what arrives before the end
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            RESPONSES.add(answer);
            return answer;
        }
    }

    @Test
    @Order(99)
    void noSecretOfThisRunAppearsInResponsesLogsTopicsOrRunRecords() throws IOException {
        // The run records, read through the API like a user would (and so captured as responses too).
        for (String flowId : FLOWS) {
            List<String> ids = given().auth().oauth2(demo).queryParam("size", 100)
                    .get(Platform.FLOWS + "/api/v1/flows/" + flowId + "/executions")
                    .then().statusCode(200).extract().path("id");
            for (String id : ids) {
                given().auth().oauth2(demo).get(Platform.FLOWS + "/api/v1/executions/" + id)
                        .then().statusCode(200);
            }
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("basic password", BASIC_PASSWORD);
        secrets.put("new basic password", NEW_BASIC_PASSWORD);
        secrets.put("basic header value", Base64.getEncoder().encodeToString(
                (BASIC_USER + ":" + BASIC_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        secrets.put("API key", API_KEY);
        secrets.put("HMAC secret", HMAC_SECRET);
        secrets.put("Standard Webhooks secret", WHSEC.substring("whsec_".length()));
        secrets.put("Petstore key", petstoreKey);
        // each service's own Keycloak client secret (docs/adr/0007-service-identities.md)
        for (String client : List.of("ingress", "executor", "flow", "credential")) {
            secrets.put(client + " client secret", Platform.localSecret("client-" + client));
        }
        secrets.put("master encryption key", Platform.localSecret("encryption-key"));
        for (String user : List.of("broker", "admin", "ingress-service", "executor-service", "flow-service")) {
            secrets.put("Kafka password of " + user, Platform.localSecret("kafka-" + user));
        }

        List<String> responses;
        synchronized (RESPONSES) {
            responses = List.copyOf(RESPONSES);
        }
        assertThat(responses).as("responses captured").hasSizeGreaterThan(20);
        List<String> logs = logs();
        assertThat(logs).as("service logs read").isNotEmpty();
        List<String> messages = topicMessages();
        assertThat(messages).as("Kafka messages read").isNotEmpty();

        secrets.forEach((what, secret) -> {
            assertThat(responses).as(what + " in an API response").noneMatch(r -> r.contains(secret));
            assertThat(logs).as(what + " in a service log").noneMatch(l -> l.contains(secret));
            assertThat(messages).as(what + " in a Kafka message").noneMatch(m -> m.contains(secret));
        });
    }

    // --- helpers ---------------------------------------------------------------------------------------

    private static String createCredential(String name, String type, Map<String, Object> config) {
        return given().auth().oauth2(demo).contentType(ContentType.JSON)
                .body(Map.of("name", name, "type", type, "config", config))
                .post(Platform.CREDENTIALS + "/api/v1/credentials")
                .then().statusCode(201).extract().path("id");
    }

    /** A published, started flow "webhook → Petstore createPet" guarded by the given webhook credential. */
    private static String liveFlow(String name, String webhookCredential) {
        Map<String, Object> flow = Map.of(
                "name", "Secured " + name + " " + UUID.randomUUID().toString().substring(0, 8),
                "settings", Map.of("rateLimitPerSecond", 10000),
                "steps", List.of(
                        Map.of("id", "step_1", "name", "Webhook", "component", "webhook", "function", "receive",
                                "credentialId", webhookCredential),
                        Map.of("id", "step_2", "name", "Create a pet", "component", "petstore", "function", "createPet",
                                "credentialId", petstoreCredential,
                                "mapping", Map.of("name", "petname", "status", "petstatus"))));
        String flowId = given().auth().oauth2(demo).contentType(ContentType.JSON).body(flow)
                .post(Platform.FLOWS + "/api/v1/flows").then().statusCode(201).extract().path("id");
        given().auth().oauth2(demo).post(Platform.FLOWS + "/api/v1/flows/" + flowId + "/publish").then().statusCode(201);
        given().auth().oauth2(demo).post(Platform.FLOWS + "/api/v1/flows/" + flowId + "/start").then().statusCode(202);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().head(hook(flowId)).statusCode() == 200);
        FLOWS.add(flowId);
        return flowId;
    }

    private static String hook(String flowId) {
        return Platform.INGRESS + "/hook/" + flowId;
    }

    private static Response post(String flowId) {
        return given().contentType(ContentType.JSON).body(BODY).post(hook(flowId));
    }

    private static Response standardWebhook(String id, long timestamp, byte[] body, String signatures) {
        return given().header("webhook-id", id).header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signatures)
                .contentType(ContentType.JSON).body(body).post(hook(replayFlow));
    }

    private static String sign(String id, long timestamp, byte[] body) throws Exception {
        byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, content, 0, prefix.length);
        System.arraycopy(body, 0, content, prefix.length, body.length);
        return Base64.getEncoder().encodeToString(hmac("HmacSHA256", WHSEC_KEY, content));
    }

    private static byte[] hmac(String algorithm, byte[] key, byte[] content) throws Exception {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(key, algorithm));
        return mac.doFinal(content);
    }

    private static void awaitSucceeded(String executionId) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().auth().oauth2(demo).get(Platform.FLOWS + "/api/v1/executions/" + executionId)
                        .then().statusCode(200).body("status", equalTo("succeeded")));
    }

    /** Every log file the local command keeps, current and previous. */
    private static List<String> logs() throws IOException {
        Path dir = Platform.STATE.resolve("logs");
        List<String> contents = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                contents.add(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return contents;
    }

    /** Keys, values and headers of every message on the platform's topics, from the beginning. */
    private static List<String> topicMessages() {
        Properties props = Platform.kafkaAdmin();
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> messages = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of("webhook.received", "execution.recorded", "flow.changed", "webhook.received.dlq",
                    "execution.deferred")) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("read all topics within 60 s").isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    StringBuilder text = new StringBuilder();
                    if (record.key() != null) {
                        text.append(new String(record.key(), StandardCharsets.UTF_8)).append('\n');
                    }
                    for (Header header : record.headers()) {
                        text.append(header.key()).append('=')
                                .append(header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8)).append('\n');
                    }
                    if (record.value() != null) {
                        text.append(new String(record.value(), StandardCharsets.UTF_8));
                    }
                    messages.add(text.toString());
                }
            }
        }
        return messages;
    }

    private static String random(int bytes) {
        return HexFormat.of().formatHex(randomBytes(bytes));
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
