package io.hookflow.executor;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.executor.event.ExecutionIntake;
import io.hookflow.testsupport.KafkaResource;
import io.hookflow.testsupport.PrometheusScrape;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The executor's business metrics (docs/metrics.md), as Prometheus scrapes them, moved by real executions: successes,
 * a connector rejection, a passing failure that is retried, an unknown flow version, a malformed message and a manual
 * retry. The steps call a function of their own ({@code metricsProbe}), so their timers count only this test's calls.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PlatformStubResource.class)
class ExecutionMetricsTest {

    private static final String FUNCTION = "metricsProbe";
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    ExecutionIntake intake;

    private static KafkaProducer<String, String> producer;
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
        credentialId = hex(12);
        PlatformStub.CREDENTIALS.put(credentialId, "{\"id\":\"" + credentialId + "\",\"workspace\":\"demo\","
                + "\"type\":\"petstore\",\"config\":{\"apiKey\":\"metrics-key\"}}");
    }

    @AfterAll
    static void disconnect() {
        producer.close();
    }

    @Test
    void countsExecutionsRetriesDeadLettersAndTimesStepsAndConnectorCalls() throws Exception {
        String flowId = flow();
        PrometheusScrape before = quiet();

        send(flowId, hex(16), null);
        send(flowId, hex(16), null);
        String rejected = hex(16);
        PlatformStub.script(flowId + "-" + rejected, new PlatformStub.Answer(400, "{\"error\":\"no such status\"}"));
        send(flowId, rejected, null);
        String retried = hex(16);
        PlatformStub.script(flowId + "-" + retried, new PlatformStub.Answer(503, "{\"error\":\"try later\"}"));
        send(flowId, retried, null);
        send(hex(12), hex(16), null); // a flow without a published version
        producer.send(new ProducerRecord<>("webhook.received", hex(12), "this is not json")).get();
        RecordHeaders manual = new RecordHeaders();
        manual.add(new RecordHeader("hookflow-retry", ("{\"attempt\":2,\"nextAttemptAt\":" + System.currentTimeMillis()
                + ",\"stepAttempts\":{},\"manual\":true}").getBytes(StandardCharsets.UTF_8)));
        send(flowId, hex(16), manual);

        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusScrape after = PrometheusScrape.now();
            // two successes, the retried one once it succeeded, and the manual retry
            assertThat(moved(before, after, "hookflow_executions_total", "status", "succeeded")).isEqualTo(4);
            assertThat(moved(before, after, "hookflow_executions_total", "status", "failed")).isEqualTo(2);
            assertThat(moved(before, after, "hookflow_execution_retries_total")).isEqualTo(1);
            assertThat(moved(before, after, "hookflow_execution_manual_retries_total")).isEqualTo(1);
            assertThat(moved(before, after, "hookflow_dead_letters_total", "reason", "step_failed")).isEqualTo(1);
            assertThat(moved(before, after, "hookflow_dead_letters_total", "reason", "flow_version")).isEqualTo(1);
            assertThat(moved(before, after, "hookflow_dead_letters_total", "reason", "not_an_event")).isEqualTo(1);
            assertThat(moved(before, after, "hookflow_dead_letters_total", "reason", "retries_exhausted")).isZero();
            assertThat(moved(before, after, "hookflow_execution_duration_seconds_count", "status", "failed"))
                    .isEqualTo(2);

            String step = "hookflow_step_duration_seconds_count";
            assertThat(after.value(step, "component", "petstore", "function", FUNCTION, "outcome", "succeeded"))
                    .isEqualTo(4);
            assertThat(after.value(step, "component", "petstore", "function", FUNCTION, "outcome", "failed"))
                    .isEqualTo(1);
            assertThat(after.value(step, "component", "petstore", "function", FUNCTION, "outcome", "retrying"))
                    .isEqualTo(1);
            String call = "hookflow_connector_call_duration_seconds_count";
            assertThat(after.value(call, "component", "petstore", "function", FUNCTION, "outcome", "success"))
                    .isEqualTo(4);
            assertThat(after.value(call, "component", "petstore", "function", FUNCTION, "outcome", "rejected"))
                    .isEqualTo(1);
            assertThat(after.value(call, "component", "petstore", "function", FUNCTION, "outcome", "unavailable"))
                    .isEqualTo(1);
            // the durable writes: six final records and one retrying (running records go out without waiting)
            assertThat(moved(before, after, "hookflow_executor_write_duration_seconds_count",
                    "topic", "execution.recorded")).isEqualTo(7);
            assertThat(moved(before, after, "hookflow_executor_write_duration_seconds_count",
                    "topic", "execution.deferred")).isEqualTo(1);
            assertThat(moved(before, after, "hookflow_executor_write_duration_seconds_count",
                    "topic", "webhook.received.dlq")).isEqualTo(3);
        });

        PrometheusScrape now = PrometheusScrape.now();
        assertThat(now.has("hookflow_step_duration_seconds_bucket", "function", FUNCTION, "le", "+Inf")).isTrue();
        assertThat(now.has("hookflow_connector_call_duration_seconds_bucket", "function", FUNCTION, "le", "+Inf"))
                .isTrue();
        assertThat(now.has("hookflow_executions_running", "group", "executor")).isTrue();
        assertThat(now.text()).contains("\nhookflow_deferred_held_messages ");
        assertThat(now.has("hookflow_breaker_targets", "state", "open")).isTrue();
        assertThat(now.has("hookflow_breaker_targets", "state", "degraded")).isTrue();
        assertThat(now.has("hookflow_dead_letters_total", "reason", "flow_stopped")).isTrue();
        // never a flow id, request id or execution id as a label
        assertThat(now.text()).doesNotContain(flowId).doesNotContain(retried);
    }

    @Test
    void namesEveryDashboardMetricFromTheFirstScrape() {
        PrometheusScrape scrape = PrometheusScrape.now();
        for (String status : List.of("succeeded", "failed")) {
            assertThat(scrape.has("hookflow_executions_total", "status", status)).as(status).isTrue();
            assertThat(scrape.has("hookflow_execution_duration_seconds_count", "status", status)).as(status).isTrue();
        }
        for (String reason : List.of("not_an_event", "flow_version", "step_failed", "retries_exhausted",
                "flow_stopped")) {
            assertThat(scrape.has("hookflow_dead_letters_total", "reason", reason)).as(reason).isTrue();
        }
        for (String topic : List.of("execution.recorded", "execution.deferred", "webhook.received.dlq")) {
            assertThat(scrape.has("hookflow_executor_write_duration_seconds_bucket", "topic", topic)).as(topic)
                    .isTrue();
        }
        for (String group : List.of("executor", "executor-deferred")) {
            assertThat(scrape.has("hookflow_executions_running", "group", group)).as(group).isTrue();
        }
        // no test here opens a breaker: the gauges are there from startup, not from a first failure
        assertThat(scrape.has("hookflow_breaker_targets", "state", "open")).isTrue();
        assertThat(scrape.has("hookflow_breaker_targets", "state", "degraded")).isTrue();
        assertThat(scrape.text()).contains("\nhookflow_execution_retries_total ", "\nhookflow_execution_manual_retries_total ",
                "\nhookflow_deferred_held_messages ");
    }

    @Test
    void consumerLagShowsEveryPartitionOfBothIntakes() {
        // the consumers may have subscribed before the topics existed: their partitions come with a later rebalance
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusScrape now = PrometheusScrape.now();
            for (int partition = 0; partition < 3; partition++) {
                assertThat(now.has("hookflow_consumer_lag_records", "group", "executor", "topic", "webhook.received",
                        "partition", Integer.toString(partition))).isTrue();
                assertThat(now.has("hookflow_consumer_lag_records", "group", "executor-deferred",
                        "topic", "execution.deferred", "partition", Integer.toString(partition))).isTrue();
            }
        });
    }

    /** A consumer that reads nothing for a while (held back, as a measurement does) shows what piles up. */
    @Test
    void consumerLagGrowsWhileTheIntakeIsHeldBackAndFallsOnceItReadsAgain() throws Exception {
        consumerLagShowsEveryPartitionOfBothIntakes();
        String flowId = flow();
        intake.holdWebhooks(true);
        try {
            // what was fetched before the pause took effect still runs; the lag counts from then on
            await().atMost(WAIT).until(() -> PrometheusScrape.now().value("hookflow_executions_running",
                    "group", "executor") == 0);
            double before = PrometheusScrape.now().value("hookflow_consumer_lag_records", "group", "executor");
            for (int i = 0; i < 5; i++) {
                send(flowId, hex(16), null);
            }
            await().atMost(WAIT).untilAsserted(() -> assertThat(PrometheusScrape.now()
                    .value("hookflow_consumer_lag_records", "group", "executor", "topic", "webhook.received"))
                    .isEqualTo(before + 5));
        } finally {
            intake.holdWebhooks(false);
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(PrometheusScrape.now()
                .value("hookflow_consumer_lag_records", "group", "executor", "topic", "webhook.received")).isZero());
    }

    /** Waits until nothing from earlier tests runs or waits for a retry, and answers a scrape taken then. */
    private static PrometheusScrape quiet() {
        List<PrometheusScrape> scrapes = new ArrayList<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            PrometheusScrape now = PrometheusScrape.now();
            scrapes.add(now);
            if (scrapes.size() < 2) {
                return false;
            }
            PrometheusScrape previous = scrapes.get(scrapes.size() - 2);
            return now.value("hookflow_executions_running") == 0 && now.value("hookflow_deferred_held_messages") == 0
                    && now.value("hookflow_executions_total") == previous.value("hookflow_executions_total")
                    && now.value("hookflow_execution_retries_total")
                    == previous.value("hookflow_execution_retries_total");
        });
        return scrapes.get(scrapes.size() - 1);
    }

    private static double moved(PrometheusScrape before, PrometheusScrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    private static String flow() throws Exception {
        String flowId = hex(12);
        PlatformStub.FLOWS.put(flowId + ":1", JSON.writeValueAsString(Map.of("flowId", flowId, "workspace", "demo",
                "name", "Metrics", "version", 1, "settings", Map.of(), "steps", List.of(
                        Map.of("id", "step_1", "name", "Webhook", "component", "webhook", "function", "receive",
                                "credentialId", hex(12)),
                        Map.of("id", "step_2", "name", "Create a pet", "component", "petstore", "function", FUNCTION,
                                "credentialId", credentialId, "mapping", Map.of("name", "petname"))))));
        return flowId;
    }

    private static void send(String flowId, String requestId, RecordHeaders headers) throws Exception {
        String event = "{\"requestId\":\"" + requestId + "\",\"flowId\":\"" + flowId + "\",\"workspace\":\"demo\","
                + "\"flowVersion\":1,\"receivedAt\":\"2026-11-28T20:40:03.123Z\",\"method\":\"POST\",\"path\":\"\","
                + "\"contentType\":\"application/json\",\"headers\":{},\"query\":{},\"body\":{\"petname\":\"Gromit\"}}";
        String topic = headers == null ? "webhook.received" : "execution.deferred";
        producer.send(new ProducerRecord<>(topic, null, flowId, event, headers)).get();
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
