package io.hookflow.e2e;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The run log as an operator uses it, on the platform {@code ./hookflow up} started: failed executions run again
 * after the cause was fixed (one at a time and in bulk), one execution per webhook per flow whatever requestId a
 * caller sends, content PostgreSQL cannot store, dead letters replayed, and stats that add up to the run log.
 */
class RunLogIT {

    private static final String BODY = "{\"petname\":\"%s\",\"petstatus\":\"Sold\"}";
    private static final Map<String, String> MAPPING = Map.of("name", "petname", "status", "petstatus");

    private static String demo;
    private static String other;
    private static String demoWebhookCredential;
    private static String demoPetstoreCredential;

    @BeforeAll
    static void setUp() {
        demo = Platform.token("demo");
        other = Platform.token("other");
        demoWebhookCredential = createCredential(demo, "Run log webhook", "webhook-noauth", Map.of());
        demoPetstoreCredential = createCredential(demo, "Run log Petstore", "petstore",
                Map.of("apiKey", Platform.localSecret("petstore-test-key")));
    }

    @Test
    void failedExecutionsRunAgainAfterTheCredentialWasFixedOnceAndInBulk() {
        String wrongKey = createCredential(demo, "Run log wrong key", "petstore",
                Map.of("apiKey", "not-the-key-" + shortId()));
        String flowId = liveFlow(demo, "wrong key", demoWebhookCredential, wrongKey);
        List<String> names = List.of("Retried " + shortId(), "Bulk A " + shortId(), "Bulk B " + shortId());
        List<String> executions = new ArrayList<>();
        for (String name : names) {
            executions.add(post(flowId, name, null).path("executionId"));
        }
        for (String executionId : executions) {
            Response failed = awaitFinal(demo, executionId);
            assertThat(failed.<String>path("status")).isEqualTo("failed");
            assertThat(failed.<String>path("steps[1].error")).contains("Petstore rejected the pet").contains("HTTP 401");
        }

        // only a caller with executions.control may retry
        given().auth().oauth2(Platform.token("viewer")).post(Platform.FLOWS + "/api/v1/executions/" + executions.get(0) + "/retry")
                .then().statusCode(403).body("error", notNullValue());

        given().auth().oauth2(demo).contentType(ContentType.JSON)
                .body(Map.of("name", "Run log wrong key, fixed", "type", "petstore",
                        "config", Map.of("apiKey", Platform.localSecret("petstore-test-key"))))
                .put(Platform.CREDENTIALS + "/api/v1/credentials/" + wrongKey).then().statusCode(200);

        // one execution
        given().auth().oauth2(demo).post(Platform.FLOWS + "/api/v1/executions/" + executions.get(0) + "/retry")
                .then().statusCode(202);
        given().auth().oauth2(demo).post(Platform.FLOWS + "/api/v1/executions/" + executions.get(0) + "/retry")
                .then().statusCode(409).body("error", notNullValue());
        Response retried = awaitFinal(demo, executions.get(0));
        assertThat(retried.<String>path("status")).as(retried.asString()).isEqualTo("succeeded");
        assertThat(retried.<Integer>path("attempts")).isEqualTo(2);
        assertThat(retried.<List<Object>>path("attemptHistory")).hasSize(2);
        assertThat(retried.<String>path("attemptHistory[0].status")).isEqualTo("failed");
        assertThat(retried.<String>path("attemptHistory[0].steps[1].error")).contains("HTTP 401");
        assertThat(retried.<String>path("attemptHistory[1].status")).isEqualTo("succeeded");
        given().auth().oauth2(demo).post(Platform.FLOWS + "/api/v1/executions/" + executions.get(0) + "/retry")
                .then().statusCode(409);

        // the other two, in bulk
        given().auth().oauth2(demo).contentType(ContentType.JSON).body(Map.of("status", "failed"))
                .post(Platform.FLOWS + "/api/v1/flows/" + flowId + "/executions/retry")
                .then().statusCode(202).body("queued", equalTo(2));
        for (String executionId : executions.subList(1, 3)) {
            Response execution = awaitFinal(demo, executionId);
            assertThat(execution.<String>path("status")).as(execution.asString()).isEqualTo("succeeded");
            assertThat(execution.<List<Object>>path("attemptHistory")).hasSize(2);
        }
        for (String name : names) {
            assertThat(petsNamed(name)).as("pets named %s", name).isEqualTo(1);
        }
    }

    @Test
    void oneRequestIdSentToFlowsInTwoWorkspacesMakesTwoExecutionsAndTwoPets() {
        String otherWebhook = createCredential(other, "Run log webhook (other)", "webhook-noauth", Map.of());
        String otherPetstore = createCredential(other, "Run log Petstore (other)", "petstore",
                Map.of("apiKey", Platform.localSecret("petstore-test-key")));
        String demoFlow = liveFlow(demo, "shared request id", demoWebhookCredential, demoPetstoreCredential);
        String otherFlow = liveFlow(other, "shared request id", otherWebhook, otherPetstore);
        String requestId = randomHex32();
        String demoName = "Shared demo " + shortId();
        String otherName = "Shared other " + shortId();

        String demoExecution = post(demoFlow, demoName, requestId).then().body("requestId", equalTo(requestId))
                .extract().path("executionId");
        String otherExecution = post(otherFlow, otherName, requestId).then().body("requestId", equalTo(requestId))
                .extract().path("executionId");
        assertThat(demoExecution).isNotEqualTo(otherExecution);

        assertThat(awaitFinal(demo, demoExecution).<String>path("status")).isEqualTo("succeeded");
        assertThat(awaitFinal(other, otherExecution).<String>path("status")).isEqualTo("succeeded");
        given().auth().oauth2(demo).get(Platform.FLOWS + "/api/v1/executions/" + demoExecution).then().statusCode(200)
                .body("flowId", equalTo(demoFlow)).body("requestId", equalTo(requestId))
                .body("steps[0].output.petname", equalTo(demoName));
        given().auth().oauth2(other).get(Platform.FLOWS + "/api/v1/executions/" + otherExecution).then().statusCode(200)
                .body("flowId", equalTo(otherFlow)).body("requestId", equalTo(requestId))
                .body("steps[0].output.petname", equalTo(otherName));
        // neither workspace sees the other's
        given().auth().oauth2(demo).get(Platform.FLOWS + "/api/v1/executions/" + otherExecution).then().statusCode(404);
        given().auth().oauth2(other).get(Platform.FLOWS + "/api/v1/executions/" + demoExecution).then().statusCode(404);
        assertThat(petsNamed(demoName)).isEqualTo(1);
        assertThat(petsNamed(otherName)).isEqualTo(1);
    }

    @Test
    void aWebhookBodyWithANulCharacterHasItsExecution() {
        String flowId = liveFlow(demo, "NUL in the body", demoWebhookCredential, demoPetstoreCredential);
        String name = "Nul\\u0000" + shortId();
        String executionId = post(flowId, name, null).path("executionId");
        Response execution = awaitFinal(demo, executionId);
        assertThat(execution.<String>path("status")).as(execution.asString()).isEqualTo("succeeded");
        assertThat(execution.<String>path("steps[0].output.petname")).startsWith("Nul");
    }

    @Test
    void eventsThatCannotRunAreDeadLettersAndRunOnceReplayedAfterTheFix() throws Exception {
        String flowId = liveFlow(demo, "dead letters", demoWebhookCredential, demoPetstoreCredential);
        String requestId = randomHex32();
        String name = "Dead letter " + shortId();
        String event = """
                {"requestId":"%s","flowId":"%s","workspace":"demo","flowVersion":2,"receivedAt":"%s","method":"POST",\
                "path":"","contentType":"application/json","headers":{},"query":{},"body":%s}"""
                .formatted(requestId, flowId, Instant.now().truncatedTo(ChronoUnit.MILLIS), BODY.formatted(name));
        String garbage = "{\"requestId\":\"" + randomHex32() + "\", this is not JSON";
        try (KafkaProducer<String, String> producer = producer()) {
            // version 2 of the flow does not exist yet
            producer.send(new ProducerRecord<>("webhook.received", flowId, event)).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>("webhook.received", flowId, garbage)).get(30, TimeUnit.SECONDS);
        }

        String executionId = flowId + "-" + requestId;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().auth().oauth2(demo).queryParam("flowId", flowId).get(Platform.FLOWS + "/api/v1/dead-letters")
                        .then().statusCode(200).header("X-Total-Count", "2"));
        List<Map<String, Object>> letters = given().auth().oauth2(demo).queryParam("flowId", flowId)
                .get(Platform.FLOWS + "/api/v1/dead-letters").then().extract().jsonPath().getList("$");
        Map<String, Object> unknownVersion = letters.stream()
                .filter(l -> executionId.equals(l.get("executionId"))).findFirst().orElseThrow();
        Map<String, Object> unparseable = letters.stream()
                .filter(l -> l.get("executionId") == null).findFirst().orElseThrow();
        assertThat((String) unknownVersion.get("reason")).contains("flow version");
        assertThat((String) unparseable.get("reason")).isNotBlank();
        // another workspace sees neither
        given().auth().oauth2(other).queryParam("flowId", flowId).get(Platform.FLOWS + "/api/v1/dead-letters")
                .then().statusCode(200).header("X-Total-Count", "0");
        assertThat(awaitFinal(demo, executionId).<String>path("status")).isEqualTo("failed");

        // the cause is fixed: version 2 is published
        given().auth().oauth2(demo).post(Platform.FLOWS + "/api/v1/flows/" + flowId + "/publish").then().statusCode(201)
                .body("version", equalTo(2));
        given().auth().oauth2(Platform.token("viewer"))
                .post(Platform.FLOWS + "/api/v1/dead-letters/" + unknownVersion.get("id") + "/replay")
                .then().statusCode(403);
        given().auth().oauth2(demo).post(Platform.FLOWS + "/api/v1/dead-letters/" + unknownVersion.get("id") + "/replay")
                .then().statusCode(202);
        Response replayed = awaitFinal(demo, executionId);
        assertThat(replayed.<String>path("status")).as(replayed.asString()).isEqualTo("succeeded");
        assertThat(replayed.<Integer>path("flowVersion")).isEqualTo(2);
        assertThat(petsNamed(name)).isEqualTo(1);
        given().auth().oauth2(demo).get(Platform.FLOWS + "/api/v1/dead-letters/" + unknownVersion.get("id"))
                .then().statusCode(200).body("replayedAt", notNullValue());
        given().auth().oauth2(demo).post(Platform.FLOWS + "/api/v1/dead-letters/nope/replay")
                .then().statusCode(404).body("error", containsString("nope"));
    }

    @Test
    void theStatsOfABurstAddUpToTheRunLog() throws Exception {
        String flowId = liveFlow(demo, "stats", demoWebhookCredential, demoPetstoreCredential);
        Instant from = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        int total = 2_000;
        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<Future<Integer>> sent = new ArrayList<>();
        try {
            for (int i = 0; i < total; i++) {
                // every fifth is refused by the connector: its status is not one the Petstore knows
                String body = i % 5 == 0
                        ? "{\"petname\":\"Stats " + i + "\",\"petstatus\":\"lost\"}"
                        : BODY.formatted("Stats " + shortId() + " " + i);
                sent.add(senders.submit(() -> given().contentType(ContentType.JSON).body(body)
                        .post(Platform.INGRESS + "/hook/" + flowId).statusCode()));
            }
            for (Future<Integer> status : sent) {
                assertThat(status.get(2, TimeUnit.MINUTES)).isEqualTo(200);
            }
        } finally {
            senders.shutdownNow();
        }
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
                count(flowId, "succeeded", null, null) + count(flowId, "failed", null, null) == total);
        Instant to = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);

        Response stats = given().auth().oauth2(demo).queryParam("from", from.toString()).queryParam("to", to.toString())
                .get(Platform.FLOWS + "/api/v1/flows/" + flowId + "/stats");
        stats.then().statusCode(200);
        long received = 0;
        for (String status : List.of("running", "retrying", "succeeded", "failed")) {
            long inLog = count(flowId, status, from, to);
            assertThat(stats.<Number>path("counts." + status).longValue()).as("%s: %s", status, stats.asString())
                    .isEqualTo(inLog);
            received += inLog;
        }
        assertThat(received).isEqualTo(total);
        assertThat(stats.<Number>path("counts.received").longValue()).isEqualTo(total);
        assertThat(stats.<Number>path("counts.failed").longValue()).isEqualTo(total / 5);
        List<Number> perMinute = stats.jsonPath().getList("series.received", Number.class);
        assertThat(perMinute.stream().mapToLong(Number::longValue).sum()).isEqualTo(total);
        List<Number> succeededPerMinute = stats.jsonPath().getList("series.succeeded", Number.class);
        assertThat(succeededPerMinute.stream().mapToLong(Number::longValue).sum()).isEqualTo(total - total / 5);
        assertThat(stats.<Number>path("durationMs.p50").doubleValue())
                .isLessThanOrEqualTo(stats.<Number>path("durationMs.p95").doubleValue());
        assertThat(stats.<Number>path("durationMs.p95").doubleValue())
                .isLessThanOrEqualTo(stats.<Number>path("durationMs.p99").doubleValue());
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static KafkaProducer<String, String> producer() {
        // as the admin: the events written here come from no service (no service may write a malformed event)
        Properties props = Platform.kafkaAdmin();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static Response awaitFinal(String token, String executionId) {
        await().atMost(Duration.ofMinutes(2)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(300))
                .ignoreExceptions()
                .until(() -> {
                    String status = execution(token, executionId).path("status");
                    return "succeeded".equals(status) || "failed".equals(status);
                });
        return execution(token, executionId);
    }

    private static Response execution(String token, String executionId) {
        return given().auth().oauth2(token).get(Platform.FLOWS + "/api/v1/executions/" + executionId);
    }

    private static long count(String flowId, String status, Instant from, Instant to) {
        var request = given().auth().oauth2(demo).queryParam("size", 1).queryParam("status", status);
        if (from != null) {
            request.queryParam("from", from.toString()).queryParam("to", to.toString());
        }
        return Long.parseLong(request.get(Platform.FLOWS + "/api/v1/flows/" + flowId + "/executions")
                .then().statusCode(200).extract().header("X-Total-Count"));
    }

    private static long petsNamed(String name) {
        return given().header("api-key", Platform.localSecret("petstore-test-key"))
                .get(Platform.PETSTORE + "/v2/pet/findByStatus?status=sold")
                .then().statusCode(200).extract().jsonPath().<String>getList("name").stream()
                .filter(name::equals).count();
    }

    private static String createCredential(String token, String name, String type, Map<String, Object> config) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("name", name, "type", type, "config", config))
                .post(Platform.CREDENTIALS + "/api/v1/credentials")
                .then().statusCode(201).extract().path("id");
    }

    /** A published, started flow "webhook → Petstore createPet" in the token's workspace. */
    private static String liveFlow(String token, String name, String webhookCredential, String petstoreCredential) {
        Map<String, Object> flow = Map.of(
                "name", "Run log " + name + " " + shortId(),
                "settings", Map.of("rateLimitPerSecond", 10000),
                "steps", List.of(
                        Map.of("id", "step_1", "name", "Webhook", "component", "webhook", "function", "receive",
                                "credentialId", webhookCredential),
                        Map.of("id", "step_2", "name", "Create a pet", "component", "petstore", "function", "createPet",
                                "credentialId", petstoreCredential, "mapping", MAPPING)));
        String flowId = given().auth().oauth2(token).contentType(ContentType.JSON).body(flow)
                .post(Platform.FLOWS + "/api/v1/flows").then().statusCode(201).extract().path("id");
        given().auth().oauth2(token).post(Platform.FLOWS + "/api/v1/flows/" + flowId + "/publish").then().statusCode(201);
        given().auth().oauth2(token).post(Platform.FLOWS + "/api/v1/flows/" + flowId + "/start").then().statusCode(202);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().head(Platform.INGRESS + "/hook/" + flowId).statusCode() == 200);
        return flowId;
    }

    private static Response post(String flowId, String petName, String requestId) {
        var request = given().contentType(ContentType.JSON).body(BODY.formatted(petName));
        if (requestId != null) {
            request.header("x-request-id", requestId);
        }
        Response response = request.post(Platform.INGRESS + "/hook/" + flowId);
        response.then().statusCode(200).body("message", equalTo("thank you"));
        return response;
    }

    private static String randomHex32() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
