package io.hookflow.executor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.executor.event.InstantJson;
import io.hookflow.testsupport.KafkaResource;
import io.hookflow.testsupport.ServiceTokens;
import io.hookflow.testsupport.TokenEndpointResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * The executor end to end inside one JVM: a real Kafka broker, the real executor, and {@link PlatformStub}
 * as flow-service, credential-service and the petstore connector.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PlatformStubResource.class)
@QuarkusTestResource(TokenEndpointResource.class)
class ExecutionPipelineTest {

    @Inject
    ObjectMapper mapper;

    private static final String SECRET = "petstore-secret-key-123";
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private static KafkaProducer<String, String> producer;
    private static TopicReader records;
    private static TopicReader deadLetters;
    private static String credentialId;

    @BeforeAll
    static void connect() throws Exception {
        String servers = KafkaResource.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            for (NewTopic topic : List.of(new NewTopic("webhook.received", 3, (short) 1),
                    new NewTopic("execution.recorded", 3, (short) 1),
                    new NewTopic("execution.deferred", 3, (short) 1),
                    new NewTopic("flow.changed", 1, (short) 1),
                    new NewTopic("webhook.received.dlq", 1, (short) 1))) {
                try {
                    admin.createTopics(List.of(topic)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all"));
        records = new TopicReader(servers, "execution.recorded");
        deadLetters = new TopicReader(servers, "webhook.received.dlq");
        credentialId = hex(12);
        credential(credentialId, SECRET);
    }

    @AfterAll
    static void disconnect() {
        producer.close();
        records.close();
        deadLetters.close();
    }

    @Test
    void runsEveryStepAndRecordsRunningThenSucceeded() throws Exception {
        String flowId = flow(mapping("name", "petname", "status", "petstatus"),
                mapping("name", "name & ' again'", "status", "status"));
        String requestId = send(flowId, "{\"petname\":\"Gromit\",\"petstatus\":\"Sold\"}");
        String executionId = executionId(flowId, requestId);

        List<JsonNode> recorded = awaitFinished(requestId, 1);
        assertThat(recorded).hasSize(2);
        JsonNode running = recorded.get(0);
        assertThat(running.get("status").asText()).isEqualTo("running");
        assertThat(running.get("finishedAt").isNull()).isTrue();
        assertThat(running.get("steps")).hasSize(1);
        assertThat(running.at("/steps/0/stepId").asText()).isEqualTo("step_1");
        assertThat(running.at("/steps/0/status").asText()).isEqualTo("succeeded");
        assertThat(running.at("/steps/0/output")).isEqualTo(JSON.readTree("{\"petname\":\"Gromit\",\"petstatus\":\"Sold\"}"));

        JsonNode done = recorded.get(1);
        assertThat(done.get("status").asText()).isEqualTo("succeeded");
        assertThat(done.get("error").isNull()).isTrue();
        assertThat(done.get("executionId").asText()).isEqualTo(flowId + "-" + requestId);
        assertThat(done.get("requestId").asText()).isEqualTo(requestId);
        assertThat(done.get("flowId").asText()).isEqualTo(flowId);
        assertThat(done.get("workspace").asText()).isEqualTo("demo");
        assertThat(done.get("flowVersion").asInt()).isEqualTo(1);
        assertThat(done.get("receivedAt").asText()).isEqualTo("2026-11-28T20:40:03.123Z");
        assertThat(done.get("startedAt").isTextual()).isTrue();
        assertThat(done.get("finishedAt").isTextual()).isTrue();
        assertThat(done.get("steps")).hasSize(3);
        assertThat(done.at("/steps/1/status").asText()).isEqualTo("succeeded");
        assertThat(done.at("/steps/1/input")).isEqualTo(JSON.readTree("{\"name\":\"Gromit\",\"status\":\"Sold\"}"));
        assertThat(done.at("/steps/1/output/name").asText()).isEqualTo("Gromit");
        assertThat(done.at("/steps/1/output/id").isNumber()).isTrue();
        assertThat(done.at("/steps/1/startedAt").isTextual()).isTrue();
        assertThat(done.at("/steps/1/finishedAt").isTextual()).isTrue();
        // the output of step 2 is what step 3's mapping reads
        assertThat(done.at("/steps/2/input")).isEqualTo(JSON.readTree("{\"name\":\"Gromit again\",\"status\":\"Sold\"}"));

        List<PlatformStub.Request> calls = PlatformStub.connectorCalls(executionId);
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).path()).isEqualTo("/actions/createPet");
        assertThat(calls.get(0).headers()).containsEntry("idempotency-key", executionId + ":step_2");
        assertThat(calls.get(1).headers()).containsEntry("idempotency-key", executionId + ":step_3");
        JsonNode callBody = JSON.readTree(calls.get(0).body());
        assertThat(callBody.at("/credentials/apiKey").asText()).isEqualTo(SECRET);
        assertThat(callBody.get("input")).isEqualTo(JSON.readTree("{\"name\":\"Gromit\",\"status\":\"Sold\"}"));
        assertThat(callBody.get("executionId").asText()).isEqualTo(executionId);
        assertThat(callBody.get("stepId").asText()).isEqualTo("step_2");

        assertThat(rawRecords(requestId)).noneMatch(raw -> raw.contains(SECRET));
        assertThat(PlatformStub.requests("/internal/")).isNotEmpty().allSatisfy(
                r -> assertThat(ServiceTokens.clientOf(r.headers().get("authorization"))).isEqualTo("hookflow-executor"));
        // each credential is read for the flow version it runs, which credential-service checks it against
        assertThat(PlatformStub.requests("/internal/credentials/" + credentialId))
                .extracting(PlatformStub.Request::query)
                .contains("flowId=" + flowId + "&version=1")
                .allSatisfy(query -> assertThat(query).matches("flowId=[0-9a-f]{24}&version=1"));
        assertThat(calls).allSatisfy(r -> assertThat(r.headers()).doesNotContainKeys("authorization",
                "x-hookflow-internal-token"));

        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("hookflow_executions_total{status=\"succeeded\"}"))
                .body(containsString("hookflow_execution_duration_seconds_count{status=\"succeeded\"}"));
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void unknownPathAnswersJsonError() {
        given().when().get("/api/v1/nothing-here").then().statusCode(404)
                .contentType("application/json")
                .body("error", containsString("/api/v1/nothing-here"));
    }

    @Test
    void connectorRejectionFailsAtOnceAndDeadLettersTheEvent() throws Exception {
        String flowId = flow(mapping("name", "petname", "status", "petstatus"));
        String requestId = hex(16);
        String executionId = executionId(flowId, requestId);
        PlatformStub.script(executionId, new PlatformStub.Answer(400, "{\"error\":\"status must be one of available, pending, sold\"}"));
        String event = event(requestId, flowId, "{\"petname\":\"Gromit\",\"petstatus\":\"Lost\"}");
        send(flowId, event, requestId);

        JsonNode done = last(awaitFinished(requestId, 1));
        assertThat(done.get("status").asText()).isEqualTo("failed");
        assertThat(done.get("error").asText())
                .contains("step_2").contains("HTTP 400").contains("status must be one of available, pending, sold");
        assertThat(done.at("/steps/1/status").asText()).isEqualTo("failed");
        assertThat(done.at("/steps/1/input")).isEqualTo(JSON.readTree("{\"name\":\"Gromit\",\"status\":\"Lost\"}"));
        assertThat(done.at("/steps/1/error").asText()).contains("status must be one of");
        assertThat(done.at("/steps/1/output").isNull()).isTrue();
        assertThat(PlatformStub.connectorCalls(executionId)).hasSize(1);

        ConsumerRecord<String, String> dead = awaitDeadLetter(requestId);
        assertThat(dead.value()).isEqualTo(event);
        assertThat(dead.key()).isEqualTo(flowId);
        assertThat(header(dead, "hookflow-error")).contains("status must be one of");
        assertThat(header(dead, "hookflow-failed-step")).isEqualTo("step_2");
        assertThat(rawRecords(requestId)).noneMatch(raw -> raw.contains(SECRET));
        assertThat(header(dead, "hookflow-error")).doesNotContain(SECRET);
    }

    @Test
    void connectorServerErrorsAreRetriedWithTheSameIdempotencyKey() throws Exception {
        String flowId = flow(mapping("name", "petname", "status", "petstatus"));
        String requestId = hex(16);
        String executionId = executionId(flowId, requestId);
        PlatformStub.script(executionId, new PlatformStub.Answer(500, "{\"error\":\"try later\"}"),
                new PlatformStub.Answer(503, "{\"error\":\"try later\"}"));
        send(flowId, event(requestId, flowId, "{\"petname\":\"Gromit\",\"petstatus\":\"Sold\"}"), requestId);

        List<JsonNode> recorded = awaitFinished(requestId, 1);
        JsonNode done = last(recorded);
        assertThat(done.get("status").asText()).isEqualTo("succeeded");
        assertThat(done.get("attempts").asInt()).isEqualTo(3);
        assertThat(done.at("/steps/1/attempts").asInt()).isEqualTo(3);
        assertThat(done.get("nextAttemptAt").isNull()).isTrue();
        List<PlatformStub.Request> calls = PlatformStub.connectorCalls(executionId);
        assertThat(calls).hasSize(3);
        assertThat(calls).allSatisfy(c -> assertThat(c.headers()).containsEntry("idempotency-key", executionId + ":step_2"));

        // meanwhile the run log said so: retrying, with the attempt, its step's error and when the next one is due
        List<JsonNode> retrying = recorded.stream().filter(r -> "retrying".equals(r.get("status").asText())).toList();
        assertThat(retrying).extracting(r -> r.get("attempts").asInt()).containsExactly(1, 2);
        JsonNode first = retrying.get(0);
        assertThat(first.get("error").asText()).contains("step_2").contains("HTTP 500").contains("try later");
        assertThat(Instant.parse(first.get("nextAttemptAt").asText()))
                .isAfter(Instant.parse(first.get("startedAt").asText()));
        assertThat(first.at("/steps/1/status").asText()).isEqualTo("retrying");
        assertThat(first.at("/steps/1/attempts").asInt()).isEqualTo(1);
        assertThat(first.get("finishedAt").isNull()).isTrue();
        assertThat(retrying.get(1).at("/steps/1/attempts").asInt()).isEqualTo(2);
    }

    /** 429 and 408 say "not now", not "wrong input": retried like a 5xx. */
    @Test
    void tooManyRequestsIsRetriedNotFailed() throws Exception {
        String flowId = flow(mapping("name", "petname"));
        String requestId = hex(16);
        String executionId = executionId(flowId, requestId);
        PlatformStub.script(executionId, new PlatformStub.Answer(429, "{\"error\":\"slow down\"}"),
                new PlatformStub.Answer(408, "{\"error\":\"timeout\"}"));
        send(flowId, event(requestId, flowId, "{\"petname\":\"Gromit\"}"), requestId);

        JsonNode done = last(awaitFinished(requestId, 1));
        assertThat(done.get("status").asText()).isEqualTo("succeeded");
        assertThat(done.get("attempts").asInt()).isEqualTo(3);
    }

    /** An attempt that fails for a passing reason after its retry limit is failed, with the last error. */
    @Test
    void passingFailureFailsOnceTheFlowsAttemptLimitIsReached() throws Exception {
        String flowId = flowWithSettings("offline", Map.of("retry", Map.of("maxAttempts", 2)), mapping("name", "petname"));
        String requestId = send(flowId, "{\"petname\":\"Gromit\"}");

        List<JsonNode> recorded = awaitFinished(requestId, 1);
        JsonNode done = last(recorded);
        assertThat(done.get("status").asText()).isEqualTo("failed");
        assertThat(done.get("attempts").asInt()).isEqualTo(2);
        assertThat(done.get("error").asText()).contains("could not be reached").contains("gave up after 2 attempts");
        assertThat(done.at("/steps/1/status").asText()).isEqualTo("failed");
        assertThat(recorded).filteredOn(r -> "retrying".equals(r.get("status").asText())).hasSize(1);
        assertThat(header(awaitDeadLetter(requestId), "hookflow-failed-step")).isEqualTo("step_2");
    }

    /**
     * A flow whose connector is down parks its executions (its circuit breaker opens and sheds calls without a
     * worker waiting on them), while another flow's webhooks run at once on their first attempt.
     */
    @Test
    void oneFlowsTargetDownDoesNotHoldBackAnotherFlow() throws Exception {
        String down = flow("offline", mapping("name", "petname"));
        String up = flow(mapping("name", "petname", "status", "petstatus"));
        List<String> parked = new ArrayList<>();
        List<String> running = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            parked.add(send(down, "{\"petname\":\"Parked " + i + "\"}"));
            running.add(send(up, "{\"petname\":\"Gromit " + i + "\",\"petstatus\":\"sold\"}"));
        }
        for (String requestId : running) {
            JsonNode done = last(awaitFinished(requestId, 1));
            assertThat(done.get("status").asText()).isEqualTo("succeeded");
            assertThat(done.get("attempts").asInt()).isEqualTo(1);
        }
        // the down flow's executions were all parked (none failed), and its breaker shed calls
        for (String requestId : parked) {
            List<JsonNode> recorded = await().atMost(WAIT).until(() -> parsed(requestId),
                    list -> list.stream().anyMatch(r -> "retrying".equals(r.get("status").asText())));
            assertThat(recorded).noneMatch(ExecutionPipelineTest::isFinal);
        }
        assertThat(parsed(parked.get(parked.size() - 1)).stream().map(r -> r.get("error").asText()))
                .anyMatch(error -> error.contains("paused after failures in a row") || error.contains("could not be reached"));
        // stopping the flow ends its pending retries
        producer.send(new ProducerRecord<>("flow.changed", down, "{\"flowId\":\"" + down + "\",\"status\":\"inactive\"}")).get();
        for (String requestId : parked) {
            JsonNode done = last(awaitFinished(requestId, 1));
            assertThat(done.get("status").asText()).isEqualTo("failed");
            assertThat(done.get("error").asText()).contains("The flow was stopped before attempt");
        }
    }

    @Test
    void mappingThatFailsToEvaluateFailsTheStepWithTheJsonataError() throws Exception {
        String flowId = flow(mapping("name", "petname + 1"));
        String requestId = send(flowId, "{\"petname\":\"Gromit\"}");
        String executionId = executionId(flowId, requestId);

        JsonNode done = last(awaitFinished(requestId, 1));
        assertThat(done.get("status").asText()).isEqualTo("failed");
        assertThat(done.at("/steps/1/status").asText()).isEqualTo("failed");
        assertThat(done.at("/steps/1/error").asText())
                .startsWith("Mapping of field 'name' failed: ").contains("must evaluate to a number");
        assertThat(done.get("error").asText()).contains("Mapping of field 'name' failed");
        assertThat(PlatformStub.connectorCalls(executionId)).isEmpty();
        assertThat(header(awaitDeadLetter(requestId), "hookflow-failed-step")).isEqualTo("step_2");
    }

    @Test
    void mappingsReadTheWebhooksAttachmentsMetadata() throws Exception {
        String flowId = flow(mapping("name", "$attachments[0].name", "status", "$string($attachments[0].size)"));
        String requestId = hex(16);
        String event = event(requestId, flowId, "{}");
        event = event.substring(0, event.length() - 1) + ",\"attachments\":[{\"name\":\"gromit.pdf\","
                + "\"contentType\":\"application/pdf\",\"size\":3,\"data\":\"JVBE\"}]}";
        send(flowId, event, requestId);
        String executionId = executionId(flowId, requestId);

        JsonNode done = last(awaitFinished(requestId, 1));
        assertThat(done.get("status").asText()).isEqualTo("succeeded");
        assertThat(done.at("/steps/1/input")).isEqualTo(JSON.readTree("{\"name\":\"gromit.pdf\",\"status\":\"3\"}"));
        assertThat(JSON.readTree(PlatformStub.connectorCalls(executionId).get(0).body()).get("input"))
                .isEqualTo(JSON.readTree("{\"name\":\"gromit.pdf\",\"status\":\"3\"}"));
        assertThat(done.toString()).doesNotContain("JVBE");
        JsonNode attachments = JSON.readTree(PlatformStub.connectorCalls(executionId).get(0).body()).get("attachments");
        assertThat(attachments).isEqualTo(JSON.readTree("[{\"name\":\"gromit.pdf\",\"contentType\":\"application/pdf\","
                + "\"size\":3,\"data\":\"JVBE\"}]"));
    }

    @Test
    void connectorsGetAnEmptyListWhenTheWebhookCarriedNoFiles() throws Exception {
        String flowId = flow(mapping("name", "petname", "status", "petstatus"));
        String requestId = send(flowId, "{\"petname\":\"Gromit\",\"petstatus\":\"Sold\"}");
        String executionId = executionId(flowId, requestId);

        assertThat(last(awaitFinished(requestId, 1)).get("status").asText()).isEqualTo("succeeded");
        assertThat(JSON.readTree(PlatformStub.connectorCalls(executionId).get(0).body()).get("attachments"))
                .isEqualTo(JSON.readTree("[]"));
    }

    @Test
    void mappingToAFieldTheInputLacksLeavesTheFieldOut() throws Exception {
        String flowId = flow(mapping("name", "petname", "status", "nosuchfield"));
        String requestId = send(flowId, "{\"petname\":\"Gromit\"}");
        String executionId = executionId(flowId, requestId);

        JsonNode done = last(awaitFinished(requestId, 1));
        assertThat(done.get("status").asText()).isEqualTo("succeeded");
        assertThat(done.at("/steps/1/input")).isEqualTo(JSON.readTree("{\"name\":\"Gromit\"}"));
        assertThat(JSON.readTree(PlatformStub.connectorCalls(executionId).get(0).body()).get("input"))
                .isEqualTo(JSON.readTree("{\"name\":\"Gromit\"}"));
    }

    @Test
    void redeliveredEventYieldsRecordsWithTheSameRequestId() throws Exception {
        String flowId = flow(mapping("name", "petname", "status", "petstatus"));
        String requestId = hex(16);
        String executionId = executionId(flowId, requestId);
        String event = event(requestId, flowId, "{\"petname\":\"Gromit\",\"petstatus\":\"Sold\"}");
        send(flowId, event, requestId);
        send(flowId, event, requestId);

        List<JsonNode> recorded = awaitFinished(requestId, 2);
        assertThat(recorded).allSatisfy(r -> assertThat(r.get("requestId").asText()).isEqualTo(requestId))
                .allSatisfy(r -> assertThat(r.get("executionId").asText()).isEqualTo(executionId));
        assertThat(recorded.stream().filter(ExecutionPipelineTest::isFinal))
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.get("status").asText()).isEqualTo("succeeded"));
        assertThat(PlatformStub.connectorCalls(executionId)).hasSize(2)
                .allSatisfy(c -> assertThat(c.headers()).containsEntry("idempotency-key", executionId + ":step_2"));
        // versions are immutable: loaded once, then served from the cache
        assertThat(PlatformStub.requests("/internal/flows/" + flowId + "/versions/1")).hasSize(1);
    }

    /**
     * An execution belongs to one flow: the same requestId sent to two flows makes two executions, each with its own
     * id and its own connector idempotency keys, so the second flow's call is never answered with the first's result.
     */
    @Test
    void sameRequestIdSentToTwoFlowsMakesTwoExecutionsWithIdempotencyKeysOfTheirOwn() throws Exception {
        String first = flow(mapping("name", "petname"));
        String second = flow(mapping("name", "petname"));
        String requestId = hex(16);
        send(first, event(requestId, first, "{\"petname\":\"Gromit\"}"), requestId);
        send(second, event(requestId, second, "{\"petname\":\"Wallace\"}"), requestId);

        awaitFinished(requestId, 2);
        List<ConsumerRecord<String, String>> finals = records.records(
                r -> r.value().contains("\"requestId\":\"" + requestId + "\"") && isFinal(parse(r.value())));
        assertThat(finals).hasSize(2).allSatisfy(r -> {
            JsonNode record = parse(r.value());
            assertThat(record.get("status").asText()).isEqualTo("succeeded");
            assertThat(record.get("requestId").asText()).isEqualTo(requestId);
            assertThat(record.get("executionId").asText()).isEqualTo(executionId(r.key(), requestId));
            assertThat(record.get("flowId").asText()).isEqualTo(r.key());
        });
        assertThat(finals).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(first, second);

        assertThat(PlatformStub.connectorCalls(executionId(first, requestId))).singleElement().satisfies(call -> {
            assertThat(call.headers()).containsEntry("idempotency-key", first + "-" + requestId + ":step_2");
            assertThat(parse(call.body()).at("/input/name").asText()).isEqualTo("Gromit");
        });
        assertThat(PlatformStub.connectorCalls(executionId(second, requestId))).singleElement().satisfies(call -> {
            assertThat(call.headers()).containsEntry("idempotency-key", second + "-" + requestId + ":step_2");
            assertThat(parse(call.body()).at("/input/name").asText()).isEqualTo("Wallace");
        });
    }

    /**
     * An operator's retry of a failed execution, as flow-service queues it: the dead letter's message on
     * execution.deferred with a manual hookflow-retry header for the next attempt, due now. It runs as that attempt,
     * with the credential as credential-service has it now (not the copy the executor cached before it was fixed),
     * and its passing failures are retried with a budget of their own although the webhook is three days older than
     * the flow's retry limit.
     */
    @Test
    void manualRetryRunsTheNextAttemptWithTheCredentialAsItIsNowAndARetryBudgetOfItsOwn() throws Exception {
        String credential = hex(12);
        credential(credential, "key-before-the-fix");
        String flowId = flowWithCredential("petstore", credential,
                Map.of("retry", Map.of("maxAttempts", 3, "maxAge", "PT1H")), mapping("name", "petname"));
        String requestId = hex(16);
        String executionId = executionId(flowId, requestId);
        PlatformStub.Answer unavailable = new PlatformStub.Answer(503, "{\"error\":\"try later\"}");
        PlatformStub.script(executionId, unavailable, unavailable, unavailable);
        send(flowId, event(requestId, flowId, Instant.now().minus(Duration.ofDays(3)), "{\"petname\":\"Gromit\"}"),
                requestId);

        // three days old: the first passing failure is already past the flow's limit
        JsonNode failed = last(awaitFinished(requestId, 1));
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("attempts").asInt()).isEqualTo(1);
        assertThat(failed.get("error").asText()).contains("the webhook is older than the retry limit of 1 h");
        ConsumerRecord<String, String> dead = awaitDeadLetter(requestId);

        // the credential is fixed; the executor's cached copy (10 min in tests) still serves automatic executions
        credential(credential, "key-after-the-fix");
        String cached = send(flowId, "{\"petname\":\"Cached\"}");
        assertThat(last(awaitFinished(cached, 1)).get("status").asText()).isEqualTo("succeeded");
        assertThat(PlatformStub.connectorCalls(executionId(flowId, cached))).extracting(ExecutionPipelineTest::apiKey)
                .containsExactly("key-before-the-fix");

        RecordHeaders headers = new RecordHeaders();
        for (Header header : dead.headers()) {
            if (!header.key().startsWith("hookflow-")) {
                headers.add(header);
            }
        }
        headers.add(new RecordHeader("hookflow-retry", ("{\"attempt\":2,\"nextAttemptAt\":" + System.currentTimeMillis()
                + ",\"stepAttempts\":{},\"manual\":true}").getBytes(StandardCharsets.UTF_8)));
        producer.send(new ProducerRecord<>("execution.deferred", null, dead.key(), dead.value(), headers)).get();

        List<JsonNode> recorded = awaitFinished(requestId, 2);
        List<JsonNode> retried = recorded.subList(recorded.indexOf(failed) + 1, recorded.size());
        // attempt 2 fails (503) and is retried, although the webhook is 3 days old; so is attempt 3, although it
        // is the flow's third attempt: the manual retry's series counts from attempt 2
        assertThat(retried).extracting(r -> r.get("status").asText() + " " + r.get("attempts").asInt()).containsExactly(
                "running 2", "retrying 2", "running 3", "retrying 3", "running 4", "succeeded 4");
        JsonNode done = last(retried);
        assertThat(done.get("executionId").asText()).isEqualTo(executionId);
        assertThat(done.at("/steps/1/attempts").asInt()).isEqualTo(3);
        List<PlatformStub.Request> calls = PlatformStub.connectorCalls(executionId);
        assertThat(calls).extracting(c -> c.headers().get("idempotency-key")).containsOnly(executionId + ":step_2");
        assertThat(calls).extracting(ExecutionPipelineTest::apiKey).containsExactly(
                "key-before-the-fix", "key-after-the-fix", "key-after-the-fix", "key-after-the-fix");
    }

    /**
     * credential-service refuses the step's credential for this flow version (403): asking again would not change
     * that, so the step fails for good at once, with credential-service's reason, and the connector is never called.
     */
    @Test
    void aCredentialRefusedForTheFlowVersionFailsTheStepForGoodWithTheReason() throws Exception {
        String credential = hex(12);
        credential(credential, "refused-key");
        String flowId = flowWithCredential("petstore", credential, Map.of(), mapping("name", "petname"));
        String reason = "Flow " + flowId + " version 1 does not use credential " + credential;
        PlatformStub.REFUSED_CREDENTIALS.put(credential, reason);
        String requestId = send(flowId, "{\"petname\":\"Gromit\"}");

        List<JsonNode> recorded = awaitFinished(requestId, 1);
        JsonNode done = last(recorded);
        assertThat(done.get("status").asText()).isEqualTo("failed");
        assertThat(done.get("attempts").asInt()).isEqualTo(1);
        assertThat(recorded).noneMatch(r -> "retrying".equals(r.get("status").asText()));
        assertThat(done.at("/steps/1/status").asText()).isEqualTo("failed");
        assertThat(done.at("/steps/1/error").asText()).isEqualTo("Could not load the step's credential:"
                + " credential-service refused to hand out credential " + credential + " for flow " + flowId
                + " version 1 (HTTP 403): " + reason);
        assertThat(PlatformStub.connectorCalls(executionId(flowId, requestId))).isEmpty();
        // refused once: a 403 is neither retried nor counted as an outage
        assertThat(PlatformStub.requests("/internal/credentials/" + credential)).hasSize(1);
        assertThat(header(awaitDeadLetter(requestId), "hookflow-failed-step")).isEqualTo("step_2");
    }

    @Test
    void unknownFlowVersionFailsTheExecutionWithoutRetrying() throws Exception {
        String flowId = hex(12);
        String requestId = send(flowId, "{\"petname\":\"Gromit\"}");

        List<JsonNode> recorded = awaitFinished(requestId, 1);
        assertThat(recorded).hasSize(1);
        JsonNode done = recorded.get(0);
        assertThat(done.get("status").asText()).isEqualTo("failed");
        assertThat(done.get("error").asText()).contains("has no published version 1");
        assertThat(done.get("steps")).isEmpty();
        assertThat(PlatformStub.requests("/internal/flows/" + flowId + "/")).hasSize(1);
        assertThat(header(awaitDeadLetter(requestId), "hookflow-failed-step")).isEmpty();
    }

    @Test
    void malformedEventGoesToTheDeadLetterTopicWithoutARecord() {
        String key = hex(12);
        producer.send(new ProducerRecord<>("webhook.received", key, "this is not json"));
        producer.flush();

        ConsumerRecord<String, String> dead = await().atMost(WAIT).until(
                () -> deadLetters.records(r -> key.equals(r.key())), list -> !list.isEmpty()).get(0);
        assertThat(dead.value()).isEqualTo("this is not json");
        assertThat(header(dead, "hookflow-error")).contains("not a valid webhook.received event");
    }

    @Test
    void unreachableConnectorIsRetriedUntilTheLimitThenFailsTheStep() throws Exception {
        String flowId = flowWithSettings("offline", Map.of("retry", Map.of("maxAttempts", 3)), mapping("name", "petname"));
        String requestId = send(flowId, "{\"petname\":\"Gromit\"}");

        JsonNode done = last(awaitFinished(requestId, 1));
        assertThat(done.get("status").asText()).isEqualTo("failed");
        assertThat(done.get("attempts").asInt()).isEqualTo(3);
        assertThat(done.at("/steps/1/error").asText()).satisfiesAnyOf(
                error -> assertThat(error).startsWith("Connector offline could not be reached for createPet"),
                error -> assertThat(error).startsWith("Calls of this step are paused"));
        assertThat(header(awaitDeadLetter(requestId), "hookflow-failed-step")).isEqualTo("step_2");
    }

    /** The read timeout (2 s in tests) ends a try that gets no answer; the retry then succeeds. */
    @Test
    void connectorCallWithoutAnAnswerTimesOutAndIsRetried() throws Exception {
        String flowId = flow(mapping("name", "petname", "status", "petstatus"));
        String requestId = hex(16);
        String executionId = executionId(flowId, requestId);
        CountDownLatch hold = new CountDownLatch(1);
        PlatformStub.script(executionId, new PlatformStub.Answer(200, "{\"output\":{\"late\":true}}", hold));
        try {
            send(flowId, event(requestId, flowId, "{\"petname\":\"Gromit\",\"petstatus\":\"Sold\"}"), requestId);

            List<JsonNode> recorded = await().atMost(Duration.ofSeconds(20)).until(() -> parsed(requestId),
                    list -> list.stream().anyMatch(ExecutionPipelineTest::isFinal));
            JsonNode done = last(recorded);
            assertThat(done.get("status").asText()).isEqualTo("succeeded");
            assertThat(done.at("/steps/1/output/late").isMissingNode()).isTrue();
            assertThat(PlatformStub.connectorCalls(executionId)).hasSize(2)
                    .allSatisfy(c -> assertThat(c.headers()).containsEntry("idempotency-key", executionId + ":step_2"));
        } finally {
            hold.countDown();
        }
    }

    /** A 200 without a body is a broken exchange: tried again, never passed on as "no output". */
    @Test
    void emptySuccessfulAnswerIsRetriedNotPassedOn() throws Exception {
        String flowId = flow(mapping("name", "petname", "status", "petstatus"), mapping("name", "name"));
        String requestId = hex(16);
        String executionId = executionId(flowId, requestId);
        PlatformStub.script(executionId, new PlatformStub.Answer(200, "", null));
        send(flowId, event(requestId, flowId, "{\"petname\":\"Gromit\",\"petstatus\":\"Sold\"}"), requestId);

        JsonNode done = last(awaitFinished(requestId, 1));
        assertThat(done.get("status").asText()).isEqualTo("succeeded");
        assertThat(done.at("/steps/1/output/name").asText()).isEqualTo("Gromit");
        assertThat(done.at("/steps/2/input")).isEqualTo(JSON.readTree("{\"name\":\"Gromit\"}"));
        assertThat(PlatformStub.connectorCalls(executionId)).hasSize(3).extracting(c -> c.headers().get("idempotency-key"))
                .containsExactly(executionId + ":step_2", executionId + ":step_2", executionId + ":step_3");
    }

    @Test
    void connectorBehindABasePathIsCalledUnderIt() throws Exception {
        String flowId = flow("prefixed", mapping("name", "petname"));
        String requestId = send(flowId, "{\"petname\":\"Gromit\"}");
        String executionId = executionId(flowId, requestId);

        assertThat(last(awaitFinished(requestId, 1)).get("status").asText()).isEqualTo("succeeded");
        assertThat(PlatformStub.connectorCalls(executionId)).singleElement()
                .satisfies(call -> assertThat(call.path()).isEqualTo("/prefix/actions/createPet"));
    }

    @Test
    void deadLetterCarriesTheOriginalBytes() throws Exception {
        String key = hex(12);
        byte[] notUtf8 = {'{', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '}'};
        try (KafkaProducer<String, byte[]> bytes = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
             KafkaConsumer<String, byte[]> dlq = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers(),
                     ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                     ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            bytes.send(new ProducerRecord<>("webhook.received", key, notUtf8)).get();
            TopicPartition partition = new TopicPartition("webhook.received.dlq", 0);
            dlq.assign(List.of(partition));
            dlq.seekToBeginning(List.of(partition));
            List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                dlq.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream().anyMatch(r -> key.equals(r.key()));
            });
            ConsumerRecord<String, byte[]> dead = seen.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
            assertThat(dead.value()).isEqualTo(notUtf8);
            assertThat(header(dead, "hookflow-error")).contains("not a valid webhook.received event");
        }
    }

    @Test
    void applicationObjectMapperWritesInstantsWithoutAFormatter() throws Exception {
        assertThat(mapper.getSerializerProviderInstance().findValueSerializer(Instant.class).getClass()
                .getEnclosingClass()).isEqualTo(InstantJson.class);
        assertThat(mapper.writeValueAsString(Instant.parse("2026-11-28T20:40:03.120Z")))
                .isEqualTo("\"2026-11-28T20:40:03.120Z\"");
        assertThat(mapper.readValue("\"2026-11-28T21:40:03.123+01:00\"", Instant.class))
                .isEqualTo(Instant.parse("2026-11-28T20:40:03.123Z"));
    }

    @Test
    void connectorConnectionsCoverEveryExecutionRunningAtOnce() {
        Config config = ConfigProvider.getConfig();
        int concurrency = config.getValue("executor.concurrency", Integer.class);
        assertThat(concurrency).isEqualTo(64);
        assertThat(config.getValue("executor.connector-max-connections", Integer.class)).isEqualTo(concurrency);
    }

    /**
     * Many executions at once, each passing a connector's output on through four steps: every answer must reach
     * the next step whole. (A connector client that attached its body handler off the event loop lost the body of
     * some 2xx answers under load, and the next step then ran without 'name'.)
     */
    @Test
    void everyConnectorAnswerReachesTheNextStepUnderConcurrentLoad() throws Exception {
        String flowId = flow(mapping("name", "petname", "status", "petstatus"), mapping("name", "name", "status", "status"),
                mapping("name", "name", "status", "status"), mapping("name", "name", "status", "status"));
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            String name = "Gromit " + i + " " + hex(8);
            String requestId = hex(16);
            names.put(requestId, name);
            producer.send(new ProducerRecord<>("webhook.received", flowId,
                    event(requestId, flowId, "{\"petname\":\"" + name + "\",\"petstatus\":\"sold\"}")));
        }
        producer.flush();
        for (Map.Entry<String, String> execution : names.entrySet()) {
            JsonNode done = last(awaitFinished(execution.getKey(), 1));
            assertThat(done.get("error").isNull()).as("error of %s: %s", execution.getKey(), done.get("error")).isTrue();
            assertThat(done.get("status").asText()).isEqualTo("succeeded");
            assertThat(done.get("steps")).hasSize(5);
            for (int step = 1; step <= 4; step++) {
                assertThat(done.at("/steps/" + step + "/output/name").asText()).isEqualTo(execution.getValue());
            }
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static Map<String, String> mapping(String... fieldsAndExpressions) {
        Map<String, String> mapping = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndExpressions.length; i += 2) {
            mapping.put(fieldsAndExpressions[i], fieldsAndExpressions[i + 1]);
        }
        return mapping;
    }

    /** Registers credential {@code id} (a petstore one, of workspace demo) with {@code apiKey}. */
    private static void credential(String id, String apiKey) {
        PlatformStub.CREDENTIALS.put(id, "{\"id\":\"" + id + "\",\"workspace\":\"demo\",\"type\":\"petstore\","
                + "\"config\":{\"apiKey\":\"" + apiKey + "\"}}");
    }

    /** Registers version 1 of a new flow: a webhook trigger, then one petstore createPet step per mapping. */
    @SafeVarargs
    private static String flow(Map<String, String>... mappings) throws JsonProcessingException {
        return flow("petstore", mappings);
    }

    /** Like {@link #flow(Map[])}, with the action steps on connector {@code component}. */
    @SafeVarargs
    private static String flow(String component, Map<String, String>... mappings) throws JsonProcessingException {
        return flowWithSettings(component, Map.of(), mappings);
    }

    /** Like {@link #flow(String, Map[])}, with the flow's {@code settings}. */
    @SafeVarargs
    private static String flowWithSettings(String component, Map<String, Object> settings,
                                           Map<String, String>... mappings) throws JsonProcessingException {
        return flowWithCredential(component, credentialId, settings, mappings);
    }

    /** Like {@link #flowWithSettings}, with every action step on credential {@code credential}. */
    @SafeVarargs
    private static String flowWithCredential(String component, String credential, Map<String, Object> settings,
                                             Map<String, String>... mappings) throws JsonProcessingException {
        String flowId = hex(12);
        List<Map<String, Object>> steps = new ArrayList<>();
        steps.add(Map.of("id", "step_1", "name", "Webhook", "component", "webhook", "function", "receive",
                "credentialId", hex(12)));
        for (int i = 0; i < mappings.length; i++) {
            steps.add(Map.of("id", "step_" + (i + 2), "name", "Create a pet " + (i + 1), "component", component,
                    "function", "createPet", "credentialId", credential, "mapping", mappings[i]));
        }
        PlatformStub.FLOWS.put(flowId + ":1", JSON.writeValueAsString(Map.of("flowId", flowId, "workspace", "demo",
                "name", "Gromit to Petstore", "version", 1, "steps", steps, "settings", settings)));
        return flowId;
    }

    private static String event(String requestId, String flowId, String body) {
        return event(requestId, flowId, Instant.parse("2026-11-28T20:40:03.123Z"), body);
    }

    private static String event(String requestId, String flowId, Instant receivedAt, String body) {
        return "{\"requestId\":\"" + requestId + "\",\"flowId\":\"" + flowId + "\",\"workspace\":\"demo\","
                + "\"flowVersion\":1,\"receivedAt\":\"" + receivedAt + "\",\"method\":\"POST\",\"path\":\"\","
                + "\"contentType\":\"application/json\",\"headers\":{\"content-type\":\"application/json\"},"
                + "\"query\":{},\"body\":" + body + "}";
    }

    private static String send(String flowId, String body) throws Exception {
        String requestId = hex(16);
        send(flowId, event(requestId, flowId, body), requestId);
        return requestId;
    }

    private static void send(String flowId, String event, String requestId) throws Exception {
        producer.send(new ProducerRecord<>("webhook.received", flowId, event)).get();
    }

    /** Waits for {@code finished} final records of {@code requestId}; answers all its records in topic order. */
    private static List<JsonNode> awaitFinished(String requestId, int finished) {
        return await().atMost(WAIT).until(() -> parsed(requestId),
                list -> list.stream().filter(ExecutionPipelineTest::isFinal).count() >= finished);
    }

    private static boolean isFinal(JsonNode record) {
        String status = record.get("status").asText();
        return "succeeded".equals(status) || "failed".equals(status);
    }

    private static List<JsonNode> parsed(String requestId) {
        return rawRecords(requestId).stream().map(ExecutionPipelineTest::parse).toList();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The API key a connector call carried. */
    private static String apiKey(PlatformStub.Request call) {
        return parse(call.body()).at("/credentials/apiKey").asText();
    }

    private static List<String> rawRecords(String requestId) {
        return records.records(r -> r.value().contains("\"requestId\":\"" + requestId + "\"")).stream()
                .map(ConsumerRecord::value)
                .toList();
    }

    private static ConsumerRecord<String, String> awaitDeadLetter(String requestId) {
        return await().atMost(WAIT).until(
                () -> deadLetters.records(r -> r.value().contains(requestId)), list -> !list.isEmpty()).get(0);
    }

    private static String header(ConsumerRecord<String, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static JsonNode last(List<JsonNode> recorded) {
        return recorded.get(recorded.size() - 1);
    }

    /** The id the executor gives an execution: {@code <flowId>-<requestId>}, as flow-service does. */
    private static String executionId(String flowId, String requestId) {
        return flowId + "-" + requestId;
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
