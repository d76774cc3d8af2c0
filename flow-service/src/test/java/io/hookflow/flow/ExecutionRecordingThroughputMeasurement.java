package io.hookflow.flow;

import io.hookflow.flow.support.FlowChangedReader;
import io.hookflow.flow.support.PlatformTestProfile;
import io.hookflow.flow.support.TestFlows;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * A measurement, not a check of speed: with the listener's consumer paused, produces a backlog of
 * {@code execution.recorded} messages (a {@code running} and a {@code succeeded} per execution, up to 100
 * executions in flight, as executors interleave them), resumes the consumer and prints how many messages per
 * second the listener turned into rows, then what the execution list and its X-Total-Count cost at that size
 * (call times and query plans). Runs only with
 * {@code -Dmeasure.executions=N} (N executions, 2N messages; not under the {@code hookflow.} prefix, which
 * the application's config mapping owns).
 */
@QuarkusTest
@TestProfile(PlatformTestProfile.class)
@TestSecurity(user = "demo", roles = {"flows.read", "flows.write", "executions.read"})
@OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
@EnabledIfSystemProperty(named = "measure.executions", matches = "[0-9]+")
class ExecutionRecordingThroughputMeasurement {

    private static final int IN_FLIGHT = 100;
    private static final Instant BASE = Instant.parse("2026-11-28T20:40:03.123Z");

    @Inject
    EntityManager entityManager;

    @Inject
    KafkaClientService kafka;

    @Inject
    DataSource dataSource;

    @Test
    void measuresHowFastABacklogOfRunRecordsIsWritten() {
        int executions = Integer.getInteger("measure.executions");
        String flowId = TestFlows.createGromit();
        String prefix = HexFormat.of().formatHex(flowId.getBytes()).substring(0, 16);

        kafka.getConsumer("execution-recorded").pause().await().atMost(Duration.ofSeconds(10));
        long producing = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, FlowChangedReader.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "5"),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < executions + IN_FLIGHT; i++) {
                if (i < executions) {
                    producer.send(new ProducerRecord<>("execution.recorded", flowId,
                            record(requestId(prefix, i), i, flowId, "running")));
                }
                if (i >= IN_FLIGHT) {
                    producer.send(new ProducerRecord<>("execution.recorded", flowId,
                            record(requestId(prefix, i - IN_FLIGHT), i - IN_FLIGHT, flowId, "succeeded")));
                }
            }
            producer.flush();
        }
        long produced = System.nanoTime();
        String before = given().when().get("/api/v1/flows/" + flowId + "/executions?size=1")
                .then().statusCode(200).extract().header("X-Total-Count");
        long start = System.nanoTime();
        kafka.getConsumer("execution-recorded").resume().await().atMost(Duration.ofSeconds(10));

        // The last message sent: once it is written, so is everything before it (one partition, in order).
        // Polled by id, which is cheap, so the polling does not slow the listener down.
        String last = "/api/v1/executions/" + ExecutionIds.of(flowId, requestId(prefix, executions - 1));
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                given().when().get(last).then().statusCode(200).body("status", equalTo("succeeded")));
        long done = System.nanoTime();
        given().when().get("/api/v1/flows/" + flowId + "/executions?status=succeeded&size=1")
                .then().statusCode(200).header("X-Total-Count", String.valueOf(executions));

        double seconds = (done - start) / 1e9;
        System.out.printf("MEASURE %,d messages (%,d executions) produced in %.2f s while paused (%s rows meanwhile); "
                        + "all succeeded %.2f s after resuming: %,.0f messages/s, %,.0f executions/s%n",
                2 * executions, executions, (produced - producing) / 1e9, before, seconds,
                2 * executions / seconds, executions / seconds);

        printApiCosts(flowId, "right after the backlog was written");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("vacuum analyze execution");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        printApiCosts(flowId, "after vacuum analyze");
    }

    private void printApiCosts(String flowId, String when) {
        System.out.println("MEASURE ---- " + when);
        for (String url : List.of("/api/v1/flows/" + flowId,
                "/api/v1/flows/" + flowId + "/executions?size=20",
                "/api/v1/flows/" + flowId + "/executions?status=succeeded&size=1")) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                given().when().get(url).then().statusCode(200);
            }
            System.out.printf("MEASURE GET %s: %.1f ms per call (20 calls)%n", url, (System.nanoTime() - t0) / 20 / 1e6);
        }
        // The queries ExecutionRepository runs for that page and its X-Total-Count.
        explain("select * from execution where flow_id = ?1 order by received_at desc, id desc limit 20", flowId);
        explain("select * from execution where flow_id = ?1 and status = 'succeeded' order by received_at desc, id desc limit 1", flowId);
        explain("select count(*) from execution where flow_id = ?1", flowId);
        explain("select count(*) from execution where flow_id = ?1 and status = 'succeeded'", flowId);
    }

    private void explain(String sql, String flowId) {
        List<?> plan = QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("explain (analyze, buffers) " + sql)
                .setParameter(1, flowId).getResultList());
        System.out.println("MEASURE " + sql);
        plan.stream().map(String::valueOf).filter(line -> !line.contains("Buffers:") && !line.startsWith("Planning"))
                .forEach(line -> System.out.println("MEASURE   " + line));
    }

    private static String requestId(String prefix, int i) {
        return prefix + "%016x".formatted(i);
    }

    private static String record(String requestId, int i, String flowId, String status) {
        boolean running = "running".equals(status);
        Instant received = BASE.plusMillis(i);
        String finished = running ? "null" : "\"" + received.plusMillis(500) + "\"";
        return """
                {"requestId":"%s","flowId":"%s","workspace":"demo","flowVersion":1,"status":"%s",
                 "receivedAt":"%s","startedAt":"2026-11-28T20:40:03.200Z","finishedAt":%s,
                 "error":null,"steps":[
                  {"stepId":"step_1","name":"Webhook","status":"succeeded","startedAt":"2026-11-28T20:40:03.200Z",
                   "finishedAt":"2026-11-28T20:40:03.201Z","input":null,"output":{"petname":"Gromit","petstatus":"Sold"},"error":null},
                  {"stepId":"step_2","name":"Create a pet","status":"%s","startedAt":"2026-11-28T20:40:03.210Z",
                   "finishedAt":%s,"input":{"name":"Gromit","status":"Sold"},"output":{"id":1,"name":"Gromit","status":"sold"},"error":null}]}
                """.formatted(requestId, flowId, status, received, finished, running ? "running" : "succeeded", finished)
                .replace("\n", "");
    }
}
