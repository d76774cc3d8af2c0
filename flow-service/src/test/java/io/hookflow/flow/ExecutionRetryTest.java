package io.hookflow.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.flow.service.OutboxRelay;
import io.hookflow.flow.support.DeadLetters;
import io.hookflow.flow.support.ExecutionRecords;
import io.hookflow.flow.support.PlatformTestProfile;
import io.hookflow.flow.support.TestFlows;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasSize;

/** Retries of failed executions from their dead-lettered webhook, through the outbox onto execution.deferred. */
@QuarkusTest
@TestProfile(PlatformTestProfile.class)
@TestSecurity(user = "demo", roles = {"flows.read", "flows.write", "flows.control", "executions.read", "executions.control"})
@OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
class ExecutionRetryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant RECEIVED = Instant.parse("2026-11-28T20:40:03.123Z");

    @Inject
    OutboxRelay relay;

    @Test
    void retriesAFailedExecutionAsItsNextAttemptOnExecutionDeferred() throws Exception {
        String flowId = activeFlow();
        String requestId = ExecutionRecords.requestId();
        byte[] webhook = failedWithLetter(flowId, requestId, RECEIVED);
        String id = ExecutionIds.of(flowId, requestId);

        try (DeadLetters.Reader deferred = new DeadLetters.Reader(DeadLetters.DEFERRED)) {
            given().when().post("/api/v1/executions/" + id + "/retry")
                    .then().statusCode(202)
                    .body("id", equalTo(id))
                    .body("status", equalTo("retrying"))
                    .body("attempt", equalTo(2));

            given().when().get("/api/v1/executions/" + id)
                    .then().statusCode(200).body("status", equalTo("retrying")).body("attempts", equalTo(1));

            ConsumerRecord<byte[], byte[]> message = deferred.awaitValue(webhook).get(0);
            assertThat(new String(message.key())).isEqualTo(flowId);
            assertThat(DeadLetters.header(message, "traceparent"))
                    .isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
            assertThat(message.headers().lastHeader("hookflow-error")).isNull();
            JsonNode retry = JSON.readTree(DeadLetters.header(message, "hookflow-retry"));
            assertThat(retry.get("attempt").intValue()).isEqualTo(2);
            assertThat(retry.get("manual").booleanValue()).isTrue();
            assertThat(retry.get("stepAttempts").isEmpty()).isTrue();
            assertThat(retry.get("nextAttemptAt").isIntegralNumber()).isTrue();
        }

        given().when().post("/api/v1/executions/" + id + "/retry")
                .then().statusCode(409)
                .body("error", equalTo("Execution " + id + " is retrying: only a failed execution can be retried"));
    }

    @Test
    void refusesToRetryAnExecutionThatDidNotFail() {
        String flowId = activeFlow();
        String requestId = ExecutionRecords.requestId();
        ExecutionRecords.send(flowId, ExecutionRecords.record(requestId, flowId, "succeeded", RECEIVED));
        ExecutionRecords.awaitStored(flowId, requestId);

        given().when().post("/api/v1/executions/" + ExecutionIds.of(flowId, requestId) + "/retry")
                .then().statusCode(409).body("error", org.hamcrest.Matchers.containsString("is succeeded"));
        given().when().post("/api/v1/executions/" + ExecutionIds.of(flowId, "0".repeat(32)) + "/retry")
                .then().statusCode(404);
    }

    @Test
    void refusesToRetryWhileTheFlowIsStoppedOrTheWebhookNotStored() {
        String flowId = activeFlow();
        String stored = ExecutionRecords.requestId();
        failedWithLetter(flowId, stored, RECEIVED);
        String notStored = ExecutionRecords.requestId();
        ExecutionRecords.send(flowId, ExecutionRecords.record(notStored, flowId, "failed", RECEIVED));
        ExecutionRecords.awaitStored(flowId, notStored);

        given().when().post("/api/v1/executions/" + ExecutionIds.of(flowId, notStored) + "/retry")
                .then().statusCode(409)
                .body("error", equalTo("The original webhook of execution " + ExecutionIds.of(flowId, notStored)
                        + " is not stored yet; try again shortly"));

        given().when().post("/api/v1/flows/" + flowId + "/stop").then().statusCode(202);
        given().when().post("/api/v1/executions/" + ExecutionIds.of(flowId, stored) + "/retry")
                .then().statusCode(409)
                .body("error", equalTo("Flow " + flowId + " is not active (stopped or deleted): start it first, then retry"));
        given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, stored))
                .then().body("status", equalTo("failed"));
    }

    @Test
    @TestSecurity(user = "viewer", roles = {"flows.read", "executions.read"})
    @OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
    void retryNeedsTheControlRole() {
        given().when().post("/api/v1/executions/ffffffffffffffffffffffff-" + "0".repeat(32) + "/retry")
                .then().statusCode(403);
        given().contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/flows/ffffffffffffffffffffffff/executions/retry").then().statusCode(403);
    }

    @Test
    void retriesTheFlowsFailedExecutionsInTheRangeOnly() {
        String flowId = activeFlow();
        Instant from = RECEIVED;
        Instant to = RECEIVED.plus(1, ChronoUnit.HOURS);
        List<String> inRange = List.of(ExecutionRecords.requestId(), ExecutionRecords.requestId(),
                ExecutionRecords.requestId());
        for (int i = 0; i < inRange.size(); i++) {
            failedWithLetter(flowId, inRange.get(i), from.plus(i, ChronoUnit.MINUTES));
        }
        String before = ExecutionRecords.requestId();
        failedWithLetter(flowId, before, from.minusSeconds(1));
        String atTo = ExecutionRecords.requestId();
        failedWithLetter(flowId, atTo, to);
        String succeeded = ExecutionRecords.requestId();
        ExecutionRecords.send(flowId, ExecutionRecords.record(succeeded, flowId, "succeeded", from.plusSeconds(5)));
        String withoutWebhook = ExecutionRecords.requestId();
        ExecutionRecords.send(flowId, ExecutionRecords.record(withoutWebhook, flowId, "failed", from.plusSeconds(6)));
        ExecutionRecords.awaitStored(flowId, withoutWebhook);

        given().contentType(ContentType.JSON)
                .body("{\"status\":\"failed\",\"from\":\"" + from + "\",\"to\":\"" + to + "\"}")
                .when().post("/api/v1/flows/" + flowId + "/executions/retry")
                .then().statusCode(202)
                .body("queued", equalTo(3))
                .body("skipped", equalTo(1))
                .body("more", equalTo(false));

        for (String requestId : inRange) {
            given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, requestId))
                    .then().body("status", equalTo("retrying"));
        }
        for (String requestId : List.of(before, atTo, withoutWebhook)) {
            given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, requestId))
                    .then().body("status", equalTo("failed"));
        }
        given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, succeeded))
                .then().body("status", equalTo("succeeded"));

        // Without a body: every failed execution that can be retried, the two outside the range here.
        given().when().post("/api/v1/flows/" + flowId + "/executions/retry")
                .then().statusCode(202).body("queued", equalTo(2)).body("skipped", equalTo(1));
    }

    @Test
    void refusesABadFilterNamingTheField() {
        String flowId = activeFlow();
        given().contentType(ContentType.JSON).body("{\"status\":\"succeeded\"}")
                .when().post("/api/v1/flows/" + flowId + "/executions/retry")
                .then().statusCode(400)
                .body("error", equalTo("status must be failed: only failed executions can be retried"));
        given().contentType(ContentType.JSON).body("{\"from\":\"yesterday\"}")
                .when().post("/api/v1/flows/" + flowId + "/executions/retry")
                .then().statusCode(400).body("error", org.hamcrest.Matchers.startsWith("from must be"));
        given().contentType(ContentType.JSON).body("{\"form\":\"2026-11-28T20:40:03Z\"}")
                .when().post("/api/v1/flows/" + flowId + "/executions/retry")
                .then().statusCode(400).body("error", org.hamcrest.Matchers.equalTo("form is not a filter field: use status, from and to"));
        given().contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/flows/ffffffffffffffffffffffff/executions/retry")
                .then().statusCode(404);
    }

    @Test
    void replayOfALetterWithAFailedExecutionRetriesIt() {
        String flowId = activeFlow();
        String requestId = ExecutionRecords.requestId();
        failedWithLetter(flowId, requestId, RECEIVED);
        String letter = DeadLetterTest.awaitListed(flowId);

        given().when().post("/api/v1/dead-letters/" + letter + "/replay")
                .then().statusCode(202)
                .body("replayedAs", equalTo("retry"))
                .body("executionId", equalTo(ExecutionIds.of(flowId, requestId)))
                .body("attempt", equalTo(2));
        given().when().post("/api/v1/dead-letters/" + letter + "/replay")
                .then().statusCode(409).body("error", org.hamcrest.Matchers.containsString("is retrying"));
    }

    @Test
    void keepsARetryWhileKafkaRefusesItAndSendsItOnceKafkaTakesItAgain() {
        String flowId = activeFlow();
        String requestId = ExecutionRecords.requestId();
        byte[] webhook = failedWithLetter(flowId, requestId, RECEIVED);
        DeadLetters.ensureTopic(DeadLetters.DEFERRED);

        try (DeadLetters.Reader deferred = new DeadLetters.Reader(DeadLetters.DEFERRED)) {
            DeadLetters.refuseWrites(DeadLetters.DEFERRED);
            try {
                given().when().post("/api/v1/executions/" + ExecutionIds.of(flowId, requestId) + "/retry")
                        .then().statusCode(202);
                // The relay tried (woken by the request) and Kafka refused: the message is still queued.
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                        .until(() -> relay.pending() >= 1);
                assertThat(deferred.readNow(r -> Arrays.equals(webhook, r.value()))).isEmpty();
            } finally {
                DeadLetters.acceptWrites(DeadLetters.DEFERRED);
            }
            assertThat(deferred.awaitValue(webhook)).hasSize(1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> relay.pending() == 0);
    }

    /** A started flow of the demo workspace. */
    private static String activeFlow() {
        String flowId = TestFlows.createGromit();
        given().when().post("/api/v1/flows/" + flowId + "/publish").then().statusCode(201);
        given().when().post("/api/v1/flows/" + flowId + "/start").then().statusCode(202);
        return flowId;
    }

    /** A failed execution recorded and its webhook dead-lettered, as the executor does; answers the webhook. */
    private static byte[] failedWithLetter(String flowId, String requestId, Instant receivedAt) {
        ExecutionRecords.send(flowId, ExecutionRecords.record(requestId, flowId, "failed", receivedAt));
        byte[] webhook = DeadLetters.webhookEvent(flowId, requestId, "demo");
        DeadLetters.send(flowId, webhook, "Step step_2 (Create a pet) failed", "step_2", null);
        ExecutionRecords.awaitStored(flowId, requestId);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/api/v1/dead-letters?flowId=" + flowId).then()
                        .body("requestId", org.hamcrest.Matchers.hasItem(requestId)));
        return webhook;
    }
}
