package io.hookflow.flow;

import io.hookflow.flow.support.FlowChangedReader;
import io.hookflow.flow.support.PlatformTestProfile;
import io.hookflow.flow.support.TestFlows;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@TestProfile(PlatformTestProfile.class)
@TestSecurity(user = "demo", roles = {"flows.read", "flows.write", "executions.read"})
@OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
class ExecutionTest {

    private static KafkaProducer<String, String> producer;

    @BeforeAll
    static void connect() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, FlowChangedReader.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    @Test
    void showsARecordedExecutionWithItsSteps() {
        String flowId = TestFlows.createGromit();
        String requestId = requestId();
        send(flowId, record(requestId, flowId, "demo", "running", null));
        send(flowId, record(requestId, flowId, "demo", "succeeded", "2026-11-28T20:40:03.623Z"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, requestId))
                        .then().statusCode(200).body("status", equalTo("succeeded")));

        given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, requestId))
                .then().statusCode(200)
                .body("id", equalTo(flowId + "-" + requestId))
                .body("requestId", equalTo(requestId))
                .body("flowId", equalTo(flowId))
                .body("flowVersion", equalTo(1))
                .body("receivedAt", equalTo("2026-11-28T20:40:03.123Z"))
                .body("finishedAt", equalTo("2026-11-28T20:40:03.623Z"))
                .body("durationMs", equalTo(500))
                .body("error", nullValue())
                .body("steps.size()", equalTo(2))
                .body("steps[0].stepId", equalTo("step_1"))
                .body("steps[0].output.petname", equalTo("Gromit"))
                .body("steps[1].name", equalTo("Create a pet"))
                .body("steps[1].input.status", equalTo("Sold"))
                .body("steps[1].output.id", equalTo(1));

        given().when().get("/api/v1/flows/" + flowId + "/executions")
                .then().statusCode(200)
                .header("X-Total-Count", "1")
                .body("size()", equalTo(1))
                .body("[0].id", equalTo(flowId + "-" + requestId))
                .body("[0].requestId", equalTo(requestId))
                .body("[0].status", equalTo("succeeded"))
                .body("[0].durationMs", equalTo(500))
                .body("[0]", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("steps")));
        given().when().get("/api/v1/flows/" + flowId + "/executions?status=failed")
                .then().statusCode(200).body("size()", equalTo(0));
        given().when().get("/api/v1/flows/" + flowId + "/executions?status=done")
                .then().statusCode(400).body("error", equalTo("status must be one of running, retrying, succeeded, failed"));
    }

    @Test
    void keepsAFinishedExecutionFinishedUnderDuplicatesAndLateRunningReports() {
        String flowId = TestFlows.createGromit();
        String requestId = requestId();
        String failed = record(requestId, flowId, "demo", "failed", "2026-11-28T20:40:04.123Z")
                .replace("\"error\":null,\"steps\"", "\"error\":\"step_2 failed: 500 from Petstore\",\"steps\"");
        send(flowId, failed);
        send(flowId, failed);
        send(flowId, record(requestId, flowId, "demo", "running", null));
        // Same key, same partition: once this one shows, the messages before it have been handled.
        String marker = requestId();
        send(flowId, record(marker, flowId, "demo", "running", null));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, marker)).then().statusCode(200));

        given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, requestId))
                .then().statusCode(200)
                .body("status", equalTo("failed"))
                .body("error", equalTo("step_2 failed: 500 from Petstore"))
                .body("durationMs", equalTo(1000));
        given().when().get("/api/v1/flows/" + flowId + "/executions")
                .then().statusCode(200).header("X-Total-Count", "2")
                .body("requestId", containsInAnyOrder(requestId, marker));
        given().when().get("/api/v1/flows/" + flowId + "/executions?status=running")
                .then().statusCode(200).body("size()", equalTo(1)).body("[0].durationMs", nullValue());
    }

    @Test
    void showsARetryingExecutionWithItsAttemptsAndKeepsTheLatestAttempt() {
        String flowId = TestFlows.createGromit();
        String requestId = requestId();
        send(flowId, retrying(requestId, flowId, 2, "2026-11-28T20:40:07.000Z"));
        // a late report of an earlier attempt (a duplicate chain) does not move the execution back
        send(flowId, retrying(requestId, flowId, 1, "2026-11-28T20:40:04.000Z"));
        send(flowId, record(requestId, flowId, "demo", "running", null));
        String marker = requestId();
        send(flowId, record(marker, flowId, "demo", "running", null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, marker)).then().statusCode(200));

        given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, requestId))
                .then().statusCode(200)
                .body("status", equalTo("retrying"))
                .body("attempts", equalTo(2))
                .body("nextAttemptAt", equalTo("2026-11-28T20:40:07Z"))
                .body("finishedAt", nullValue())
                .body("error", equalTo("Step step_2 (Create a pet) failed: Connector petstore answered HTTP 503"))
                .body("steps[1].status", equalTo("retrying"))
                .body("steps[1].attempts", equalTo(2));
        given().when().get("/api/v1/flows/" + flowId + "/executions?status=retrying")
                .then().statusCode(200).body("size()", equalTo(1))
                .body("[0].requestId", equalTo(requestId)).body("[0].attempts", equalTo(2));

        // the final record of attempt 3 ends it: succeeded, nothing due any more
        send(flowId, record(requestId, flowId, "demo", "succeeded", "2026-11-28T20:40:08.123Z")
                .replace("\"error\":null,\"steps\"", "\"error\":null,\"attempts\":3,\"steps\""));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, requestId))
                        .then().statusCode(200).body("status", equalTo("succeeded"))
                        .body("attempts", equalTo(3)).body("nextAttemptAt", nullValue()));
        send(flowId, retrying(requestId, flowId, 3, "2026-11-28T20:40:09.000Z"));
        String after = requestId();
        send(flowId, record(after, flowId, "demo", "running", null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, after)).then().statusCode(200));
        given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, requestId)).then().body("status", equalTo("succeeded"));
    }

    private static String retrying(String requestId, String flowId, int attempt, String nextAttemptAt) {
        return """
                {"requestId":"%s","flowId":"%s","workspace":"demo","flowVersion":1,"status":"retrying",
                 "receivedAt":"2026-11-28T20:40:03.123Z","startedAt":"2026-11-28T20:40:03.200Z","finishedAt":null,
                 "error":"Step step_2 (Create a pet) failed: Connector petstore answered HTTP 503",
                 "attempts":%d,"nextAttemptAt":"%s","steps":[
                  {"stepId":"step_1","name":"Webhook","status":"succeeded","startedAt":"2026-11-28T20:40:03.200Z",
                   "finishedAt":"2026-11-28T20:40:03.201Z","input":null,"output":{"petname":"Gromit"},"error":null,"attempts":1},
                  {"stepId":"step_2","name":"Create a pet","status":"retrying","startedAt":"2026-11-28T20:40:03.210Z",
                   "finishedAt":"2026-11-28T20:40:03.300Z","input":{"name":"Gromit"},"output":null,
                   "error":"Connector petstore answered HTTP 503","attempts":%d}]}
                """.formatted(requestId, flowId, attempt, nextAttemptAt, attempt).replace("\n", "");
    }

    @Test
    @TestSecurity(user = "other", roles = {"executions.read"})
    @OidcSecurity(claims = @Claim(key = "workspace", value = "other"))
    void hidesAnotherWorkspacesExecutions() {
        String requestId = requestId();
        String flowId = "0123456789abcdef01234567";
        send(flowId, record(requestId, flowId, "demo", "running", null));
        String mine = requestId();
        send(flowId, record(mine, flowId, "other", "running", null));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, mine)).then().statusCode(200));
        given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, requestId))
                .then().statusCode(404).body("error", equalTo("Execution " + ExecutionIds.of(flowId, requestId) + " does not exist"));
    }

    private static void send(String flowId, String json) {
        try {
            producer.send(new ProducerRecord<>("execution.recorded", flowId, json)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String requestId() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String record(String requestId, String flowId, String workspace, String status, String finishedAt) {
        String finished = finishedAt == null ? "null" : "\"" + finishedAt + "\"";
        String stepStatus = "running".equals(status) ? "running" : "succeeded";
        return """
                {"requestId":"%s","flowId":"%s","workspace":"%s","flowVersion":1,"status":"%s",
                 "receivedAt":"2026-11-28T20:40:03.123Z","startedAt":"2026-11-28T20:40:03.200Z","finishedAt":%s,
                 "error":null,"steps":[
                  {"stepId":"step_1","name":"Webhook","status":"succeeded","startedAt":"2026-11-28T20:40:03.200Z",
                   "finishedAt":"2026-11-28T20:40:03.201Z","input":null,"output":{"petname":"Gromit","petstatus":"Sold"},"error":null},
                  {"stepId":"step_2","name":"Create a pet","status":"%s","startedAt":"2026-11-28T20:40:03.210Z",
                   "finishedAt":%s,"input":{"name":"Gromit","status":"Sold"},"output":{"id":1,"name":"Gromit","status":"sold"},"error":null}]}
                """.formatted(requestId, flowId, workspace, status, finished, stepStatus, finished)
                .replace("\n", "");
    }
}
