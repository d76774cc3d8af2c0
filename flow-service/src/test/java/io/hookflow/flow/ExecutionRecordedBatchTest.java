package io.hookflow.flow;

import io.hookflow.flow.mapping.StorableSteps;
import io.hookflow.flow.support.FlowChangedReader;
import io.hookflow.flow.support.PlatformTestProfile;
import io.hookflow.flow.support.TestFlows;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * {@code execution.recorded} consumed a poll at a time: each test sends its messages while the listener's
 * consumer is paused, so that they reach the listener as one batch (one partition: they share the flow id as key),
 * and ends the batch with a marker execution whose row shows that the batch was handled.
 */
@QuarkusTest
@TestProfile(PlatformTestProfile.class)
@TestSecurity(user = "demo", roles = {"flows.read", "flows.write", "executions.read"})
@OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
class ExecutionRecordedBatchTest {

    private static final String CHANNEL = "execution-recorded";

    private static KafkaProducer<String, String> producer;

    @Inject
    KafkaClientService kafka;

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
    void foldsRunningAndSucceededOfOneExecutionInOneBatchWhateverTheirOrder() {
        String flowId = TestFlows.createGromit();
        String inOrder = requestId();
        String reversed = requestId();
        sendAsOneBatch(flowId, List.of(
                record(inOrder, flowId, "running"),
                record(reversed, flowId, "succeeded"),
                record(inOrder, flowId, "succeeded"),
                record(reversed, flowId, "running")));

        for (String requestId : List.of(inOrder, reversed)) {
            given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, requestId))
                    .then().statusCode(200)
                    .body("status", equalTo("succeeded"))
                    .body("finishedAt", equalTo("2026-11-28T20:40:03.623Z"))
                    .body("durationMs", equalTo(500))
                    .body("steps.size()", equalTo(2))
                    .body("steps[1].status", equalTo("succeeded"))
                    .body("steps[1].output.id", equalTo(1));
        }
        given().when().get("/api/v1/flows/" + flowId + "/executions?status=succeeded")
                .then().statusCode(200).header("X-Total-Count", "2");
    }

    @Test
    void writesEveryExecutionOfALargeBatch() {
        String flowId = TestFlows.createGromit();
        List<String> messages = new ArrayList<>();
        List<String> requestIds = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            requestIds.add(requestId());
            messages.add(record(requestIds.get(i), flowId, "running"));
            if (i >= 10) {
                messages.add(record(requestIds.get(i - 10), flowId, "succeeded"));
            }
        }
        for (int i = 190; i < 200; i++) {
            messages.add(record(requestIds.get(i), flowId, "succeeded"));
        }
        sendAsOneBatch(flowId, messages);

        given().when().get("/api/v1/flows/" + flowId + "/executions?status=succeeded&size=1")
                .then().statusCode(200).header("X-Total-Count", "200");
        given().when().get("/api/v1/flows/" + flowId + "/executions?status=running")
                .then().statusCode(200).header("X-Total-Count", "1"); // the marker
        given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, requestIds.get(137)))
                .then().statusCode(200).body("status", equalTo("succeeded")).body("steps.size()", equalTo(2));
    }

    @Test
    void skipsMalformedMessagesStoresContentPostgresCannotHoldAndWritesTheRestOfTheBatch() {
        String flowId = TestFlows.createGromit();
        String good = requestId();
        String alsoGood = requestId();
        String nul = requestId();
        String tooLong = requestId();
        String unknownStatus = requestId();
        String nulInId = requestId().substring(0, 30);
        sendAsOneBatch(flowId, List.of(
                record(good, flowId, "running"),
                "not json at all",
                "[1,2,3]",
                "{\"requestId\":\"" + requestId() + "\",\"status\":\"running\"}",
                record(tooLong, flowId, "running").replace("\"workspace\":\"demo\"", "\"workspace\":\"" + "w".repeat(256) + "\""),
                record(unknownStatus, flowId, "running").replace("\"status\":\"running\",\"receivedAt\"", "\"status\":\"done\",\"receivedAt\""),
                // An id no text column can hold is not of the expected shape.
                record(nulInId + "\\u0000", flowId, "running"),
                // Valid JSON that PostgreSQL's jsonb refuses (\u0000): stored with the character replaced and a note.
                record(nul, flowId, "succeeded").replace("\"petname\":\"Gromit\"", "\"petname\":\"Gro\\u0000mit\""),
                record(good, flowId, "succeeded"),
                record(alsoGood, flowId, "running")));

        given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, good))
                .then().statusCode(200).body("status", equalTo("succeeded")).body("steps.size()", equalTo(2));
        given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, alsoGood))
                .then().statusCode(200).body("status", equalTo("running"));
        given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, nul))
                .then().statusCode(200).body("status", equalTo("succeeded"))
                .body("steps[0].output.petname", equalTo("Gro\\u0000mit"))
                .body("steps[0].note", equalTo(StorableSteps.ALTERED_NOTE));
        for (String skipped : List.of(tooLong, unknownStatus)) {
            given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, skipped)).then().statusCode(404);
        }
        given().when().get("/api/v1/flows/" + flowId + "/executions")
                .then().statusCode(200).header("X-Total-Count", "4"); // good, alsoGood, nul and the marker
    }

    @Test
    void handlesARedeliveredBatchAsBefore() {
        String flowId = TestFlows.createGromit();
        String first = requestId();
        String second = requestId();
        List<String> batch = List.of(
                record(first, flowId, "running"),
                record(first, flowId, "succeeded"),
                record(second, flowId, "running"));
        sendAsOneBatch(flowId, batch);
        sendAsOneBatch(flowId, List.of(record(second, flowId, "succeeded")));
        String firstBefore = given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, first)).then().statusCode(200).extract().asString();
        String secondBefore = given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, second)).then().statusCode(200).extract().asString();

        sendAsOneBatch(flowId, batch);

        assertThat(given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, first)).then().statusCode(200).extract().asString())
                .isEqualTo(firstBefore);
        assertThat(given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, second)).then().statusCode(200).extract().asString())
                .isEqualTo(secondBefore).contains("\"status\":\"succeeded\"");
        given().when().get("/api/v1/flows/" + flowId + "/executions")
                .then().statusCode(200).header("X-Total-Count", "5"); // first, second and three markers
    }

    /**
     * Sends the messages and then a marker execution with the listener's consumer paused, resumes it, and waits
     * until the marker's row exists: the batch was handled (its transaction committed).
     */
    private void sendAsOneBatch(String flowId, List<String> messages) {
        KafkaConsumer<Object, Object> consumer = kafka.getConsumer(CHANNEL);
        awaitAssigned(consumer);
        String marker = requestId();
        consumer.pause().await().atMost(Duration.ofSeconds(10));
        try {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (String message : messages) {
                sent.add(producer.send(new ProducerRecord<>("execution.recorded", flowId, message)));
            }
            sent.add(producer.send(new ProducerRecord<>("execution.recorded", flowId, record(marker, flowId, "running"))));
            for (Future<RecordMetadata> future : sent) {
                future.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            consumer.resume().await().atMost(Duration.ofSeconds(10));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, marker)).then().statusCode(200));
    }

    /** The topic exists and the listener's consumer has its partitions (pausing before that would pause nothing). */
    private void awaitAssigned(KafkaConsumer<Object, Object> consumer) {
        if (!consumer.getAssignments().await().atMost(Duration.ofSeconds(10)).isEmpty()) {
            return;
        }
        String warmUp = requestId();
        String noFlow = "000000000000000000000000";
        producer.send(new ProducerRecord<>("execution.recorded", noFlow, record(warmUp, noFlow, "running")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/api/v1/executions/" + ExecutionIds.of(noFlow, warmUp)).then().statusCode(200));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !consumer.getAssignments().await().atMost(Duration.ofSeconds(10)).isEmpty());
    }

    private static String requestId() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String record(String requestId, String flowId, String status) {
        boolean running = "running".equals(status);
        String finished = running ? "null" : "\"2026-11-28T20:40:03.623Z\"";
        return """
                {"requestId":"%s","flowId":"%s","workspace":"demo","flowVersion":1,"status":"%s",\
                "receivedAt":"2026-11-28T20:40:03.123Z","startedAt":"2026-11-28T20:40:03.200Z","finishedAt":%s,\
                "error":null,"steps":[\
                {"stepId":"step_1","name":"Webhook","status":"succeeded","startedAt":"2026-11-28T20:40:03.200Z",\
                "finishedAt":"2026-11-28T20:40:03.201Z","input":null,"output":{"petname":"Gromit","petstatus":"Sold"},"error":null},\
                {"stepId":"step_2","name":"Create a pet","status":"%s","startedAt":"2026-11-28T20:40:03.210Z",\
                "finishedAt":%s,"input":{"name":"Gromit","status":"Sold"},"output":{"id":1,"name":"Gromit","status":"sold"},"error":null}]}"""
                .formatted(requestId, flowId, status, finished, status, finished);
    }
}
