package io.hookflow.flow;

import io.hookflow.flow.service.DeadLetterRetention;
import io.hookflow.flow.service.DeadLetterService;
import io.hookflow.flow.repository.DeadLetterRepository;
import io.hookflow.flow.support.DeadLetters;
import io.hookflow.flow.support.ExecutionRecords;
import io.hookflow.flow.support.PlatformTestProfile;
import io.hookflow.flow.support.TestFlows;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** Dead letters read from webhook.received.dlq: stored once, listed in their workspace only, replayed, expired. */
@QuarkusTest
@TestProfile(PlatformTestProfile.class)
@TestSecurity(user = "demo", roles = {"flows.read", "flows.write", "executions.read", "executions.control"})
@OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
class DeadLetterTest {

    @Inject
    DeadLetterService service;

    @Inject
    DeadLetterRetention retention;

    @Inject
    DeadLetterRepository letters;

    @Test
    void listsADeadLetteredWebhookInItsWorkspaceWithoutItsPayload() {
        String flowId = TestFlows.createGromit();
        String requestId = ExecutionRecords.requestId();
        DeadLetters.send(flowId, DeadLetters.webhookEvent(flowId, requestId, "demo"),
                "Step step_2 (Create a pet) failed: Connector petstore answered HTTP 400", "step_2", null);

        String id = awaitListed(flowId);

        given().when().get("/api/v1/dead-letters?flowId=" + flowId)
                .then().statusCode(200).header("X-Total-Count", "1")
                .body("[0].id", equalTo(id))
                .body("[0].flowId", equalTo(flowId))
                .body("[0].requestId", equalTo(requestId))
                .body("[0].executionId", equalTo(ExecutionIds.of(flowId, requestId)))
                .body("[0].reason", equalTo("Step step_2 (Create a pet) failed: Connector petstore answered HTTP 400"))
                .body("[0].failedStep", equalTo("step_2"))
                .body("[0].replays", equalTo(0))
                .body("[0].replayedAt", nullValue())
                .body("[0].size", equalTo(DeadLetters.webhookEvent(flowId, requestId, "demo").length))
                .body("[0].message", nullValue());
        given().when().get("/api/v1/dead-letters/" + id)
                .then().statusCode(200)
                .body("message.key", equalTo(flowId))
                .body("message.value.body.petname", equalTo("Gromit"))
                .body("message.headers", hasSize(1))
                .body("message.headers[0].key", equalTo("traceparent"));
        given().when().get("/api/v1/dead-letters").then().statusCode(200);
    }

    @Test
    @TestSecurity(user = "other", roles = {"executions.read", "executions.control"})
    @OidcSecurity(claims = @Claim(key = "workspace", value = "other"))
    void anotherWorkspaceSeesNoneOfTheLetters() {
        String flowId = "0123456789abcdef01234567";
        String requestId = ExecutionRecords.requestId();
        DeadLetters.send(flowId, DeadLetters.webhookEvent(flowId, requestId, "demo"), "Failed", "step_2", null);
        String ownFlow = "fedcba9876543210fedcba98";
        DeadLetters.send(ownFlow, DeadLetters.webhookEvent(ownFlow, ExecutionRecords.requestId(), "other"),
                "Failed", "step_2", null);
        // One partition: once the later letter is listed, the earlier one is stored too.
        String own = awaitListed(ownFlow);

        given().when().get("/api/v1/dead-letters?flowId=" + flowId)
                .then().statusCode(200).header("X-Total-Count", "0").body("", hasSize(0));
        given().when().get("/api/v1/dead-letters/" + own).then().statusCode(200).body("id", equalTo(own));
        String theirs = storedId(flowId);
        given().when().get("/api/v1/dead-letters/" + theirs).then().statusCode(404)
                .body("error", equalTo("Dead letter " + theirs + " does not exist"));
        given().when().post("/api/v1/dead-letters/" + theirs + "/replay").then().statusCode(404);
    }

    @Test
    void listsAnUnreadableMessageInTheWorkspaceOfTheFlowItsKeyNames() {
        String flowId = TestFlows.createGromit();
        DeadLetters.send(flowId, DeadLetters.bytes("not an event {"), "The message is not a webhook.received event",
                "", null);

        awaitListed(flowId);

        given().when().get("/api/v1/dead-letters?flowId=" + flowId)
                .then().statusCode(200).header("X-Total-Count", "1")
                .body("[0].reason", equalTo("The message is not a webhook.received event"))
                .body("[0].failedStep", nullValue())
                .body("[0].executionId", nullValue())
                .body("[0].requestId", nullValue());
    }

    @Test
    void keepsALetterOfNoKnownWorkspaceFromEveryone() {
        long before = service.countWithoutWorkspace();
        DeadLetters.send("no-such-flow", DeadLetters.bytes("garbage"), "Not an event", "", null);

        await().atMost(Duration.ofSeconds(30)).until(() -> service.countWithoutWorkspace() > before);

        given().when().get("/api/v1/dead-letters?flowId=no-such-flow")
                .then().statusCode(200).header("X-Total-Count", "0");
    }

    @Test
    void storesARedeliveredLetterOnce() {
        String flowId = TestFlows.createGromit();
        String requestId = ExecutionRecords.requestId();
        byte[] value = DeadLetters.webhookEvent(flowId, requestId, "demo");
        RecordMetadata sent = DeadLetters.send(flowId, value, "Failed once", "step_2", null);
        awaitListed(flowId);

        // The same message read again (a restart before the commit, a rebalance): same position, same timestamp.
        service.store(List.of(new DeadLetterService.Arrival(
                new DeadLetterService.Position(sent.topic(), sent.partition(), sent.offset()),
                Instant.ofEpochMilli(sent.timestamp()),
                "Failed again", "step_2", new DeadLetterService.Webhook(flowId, requestId, "demo", 1), flowId,
                new OriginalMessage(flowId.getBytes(), value, List.of()))));

        given().when().get("/api/v1/dead-letters?flowId=" + flowId)
                .then().statusCode(200).header("X-Total-Count", "1")
                .body("[0].reason", equalTo("Failed once"));

        // Kafka lost its data and numbers from 0 again: another message at the same offset, written later.
        service.store(List.of(new DeadLetterService.Arrival(
                new DeadLetterService.Position(sent.topic(), sent.partition(), sent.offset()),
                Instant.ofEpochMilli(sent.timestamp()).plusSeconds(60),
                "A new failure", "step_2", new DeadLetterService.Webhook(flowId, requestId, "demo", 1), flowId,
                new OriginalMessage(flowId.getBytes(), value, List.of()))));
        given().when().get("/api/v1/dead-letters?flowId=" + flowId)
                .then().statusCode(200).header("X-Total-Count", "2")
                .body("[0].reason", equalTo("A new failure"));
    }

    @Test
    void replaysALetterWithoutExecutionOntoWebhookReceivedUnchanged() {
        String flowId = TestFlows.createGromit();
        byte[] value = DeadLetters.bytes("{\"flowId\":\"" + flowId + "\",\"unreadable\":true}");
        DeadLetters.send(flowId, value, "The message is not a webhook.received event", "", null);
        String id = awaitListed(flowId);

        try (DeadLetters.Reader webhooks = new DeadLetters.Reader(DeadLetters.WEBHOOK)) {
            given().when().post("/api/v1/dead-letters/" + id + "/replay")
                    .then().statusCode(202)
                    .body("id", equalTo(id))
                    .body("replayedAs", equalTo("webhook"))
                    .body("attempt", nullValue());

            ConsumerRecord<byte[], byte[]> replayed = webhooks.awaitValue(value).get(0);
            assertThat(new String(replayed.key())).isEqualTo(flowId);
            assertThat(DeadLetters.header(replayed, "traceparent"))
                    .isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
            assertThat(replayed.headers().lastHeader("hookflow-error")).isNull();
            assertThat(replayed.headers().lastHeader("hookflow-failed-step")).isNull();
        }
        given().when().get("/api/v1/dead-letters/" + id)
                .then().statusCode(200).body("replays", equalTo(1)).body("replayedAt", notNullValue());
    }

    @Test
    @TestSecurity(user = "viewer", roles = {"executions.read"})
    @OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
    void replayNeedsTheControlRole() {
        given().when().post("/api/v1/dead-letters/ffffffffffffffffffffffff/replay").then().statusCode(403)
                .body("error", equalTo("The token lacks the role or workspace this request needs"));
    }

    @Test
    void retentionDeletesLettersOlderThanTheExecutions() {
        String flowId = TestFlows.createGromit();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        DeadLetters.send(flowId, DeadLetters.webhookEvent(flowId, ExecutionRecords.requestId(), "demo"), "Old",
                "step_2", now.minus(31, ChronoUnit.DAYS));
        DeadLetters.send(flowId, DeadLetters.webhookEvent(flowId, ExecutionRecords.requestId(), "demo"), "Recent",
                "step_2", now.minus(29, ChronoUnit.DAYS));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/api/v1/dead-letters?flowId=" + flowId).then().header("X-Total-Count", "2"));

        assertThat(retention.purge()).isGreaterThanOrEqualTo(1);

        given().when().get("/api/v1/dead-letters?flowId=" + flowId)
                .then().statusCode(200).header("X-Total-Count", "1").body("[0].reason", equalTo("Recent"));
    }

    /** Waits until the flow's newest letter is listed for the current identity, and answers its id. */
    static String awaitListed(String flowId) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/api/v1/dead-letters?flowId=" + flowId)
                        .then().statusCode(200).body("", not(hasSize(0))));
        return given().when().get("/api/v1/dead-letters?flowId=" + flowId).then().extract().path("[0].id");
    }

    private String storedId(String flowId) {
        return QuarkusTransaction.requiringNew().call(() -> letters.find("flowId", flowId).singleResult().id);
    }
}
