package io.hookflow.flow.support;

import io.hookflow.flow.ExecutionIds;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** {@code execution.recorded} messages sent to the application as an executor would, for the list tests. */
public final class ExecutionRecords {

    private static KafkaProducer<String, String> producer;

    private ExecutionRecords() {
    }

    /** Sends the message keyed by the flow id and waits for the broker's acknowledgement. */
    public static synchronized void send(String flowId, String json) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, FlowChangedReader.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"),
                    new StringSerializer(), new StringSerializer());
        }
        try {
            producer.send(new ProducerRecord<>("execution.recorded", flowId, json)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the execution can be read through the API as the current test identity. */
    public static void awaitStored(String flowId, String requestId) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, requestId)).then().statusCode(200));
    }

    public static String requestId() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** A record of the tutorial's two steps; finished one second after it was received unless running. */
    public static String record(String requestId, String flowId, String status, Instant receivedAt) {
        return record(requestId, flowId, status, receivedAt, "{\"petname\":\"Gromit\",\"petstatus\":\"Sold\"}");
    }

    /** The same with the webhook step's output (the webhook body) given as JSON text. */
    public static String record(String requestId, String flowId, String status, Instant receivedAt, String webhookOutput) {
        boolean running = "running".equals(status) || "retrying".equals(status);
        String finished = running ? "null" : "\"" + receivedAt.plusSeconds(1) + "\"";
        return """
                {"requestId":"%s","flowId":"%s","workspace":"demo","flowVersion":1,"status":"%s",\
                "receivedAt":"%s","startedAt":"%s","finishedAt":%s,\
                "error":null,"steps":[\
                {"stepId":"step_1","name":"Webhook","status":"succeeded","startedAt":"%s",\
                "finishedAt":"%s","input":null,"output":%s,"error":null,"attempts":1},\
                {"stepId":"step_2","name":"Create a pet","status":"%s","startedAt":"%s",\
                "finishedAt":%s,"input":{"name":"Gromit","status":"Sold"},"output":{"id":1,"name":"Gromit","status":"sold"},\
                "error":null,"attempts":1}]}"""
                .formatted(requestId, flowId, status, receivedAt, receivedAt, finished, receivedAt, receivedAt,
                        webhookOutput, status, receivedAt, finished);
    }

    /**
     * A record of one attempt as an executor that sends {@code executionId} would write it: received at a fixed
     * instant, started {@code attempt} seconds later and, unless running or retrying, finished half a second after
     * that; the error and the Petstore step's output name the attempt and status.
     */
    public static String attempt(String requestId, String flowId, String workspace, String status, int attempt) {
        Instant received = Instant.parse("2026-11-28T20:40:00Z");
        Instant started = received.plusSeconds(attempt);
        boolean ended = "succeeded".equals(status) || "failed".equals(status);
        String finished = ended ? "\"" + started.plusMillis(500) + "\"" : "null";
        String error = "succeeded".equals(status) || "running".equals(status) ? "null"
                : "\"Attempt " + attempt + " " + status + "\"";
        String next = "retrying".equals(status) ? "\"" + started.plusSeconds(5) + "\"" : "null";
        return """
                {"executionId":"%s","requestId":"%s","flowId":"%s","workspace":"%s","flowVersion":1,"status":"%s",\
                "receivedAt":"%s","startedAt":"%s","finishedAt":%s,"error":%s,"attempts":%d,"nextAttemptAt":%s,"steps":[\
                {"stepId":"step_1","name":"Webhook","status":"succeeded","startedAt":"%s","finishedAt":"%s",\
                "input":null,"output":{"petname":"Gromit"},"error":null,"attempts":1},\
                {"stepId":"step_2","name":"Create a pet","status":"%s","startedAt":"%s","finishedAt":%s,\
                "input":{"name":"Gromit"},"output":{"attempt":%d,"status":"%s"},"error":%s,"attempts":%d}]}"""
                .formatted(ExecutionIds.of(flowId, requestId), requestId, flowId, workspace, status, received, started,
                        finished, error, attempt, next, started, started, status, started, finished, attempt, status,
                        error, attempt);
    }

    /**
     * Sends a running record of a new execution (received now) and waits until it is stored: what was sent before
     * on the flow's partition is handled.
     */
    public static void sendMarkerAndAwait(String flowId) {
        String marker = requestId();
        send(flowId, record(marker, flowId, "running", Instant.now()));
        awaitStored(flowId, marker);
    }
}
