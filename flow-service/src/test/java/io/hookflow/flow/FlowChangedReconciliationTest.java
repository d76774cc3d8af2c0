package io.hookflow.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.flow.service.FlowAnnouncementRelay;
import io.hookflow.flow.service.FlowAnnouncer;
import io.hookflow.flow.support.FlowChangedTopic;
import io.hookflow.flow.support.PlatformTestProfile;
import io.hookflow.flow.support.TestFlows;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * {@code flow.changed} reconciles with the database: changes are announced in commit order whatever runs at the same
 * time, a change Kafka refused is announced once Kafka takes writes again, and the re-announcement puts every flow's
 * state back on a topic that lost its records. Faults are real: the broker refuses writes, or its records are deleted.
 */
@QuarkusTest
@TestProfile(PlatformTestProfile.class)
@TestSecurity(user = "demo", roles = {"flows.read", "flows.write", "flows.control"})
@OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
class FlowChangedReconciliationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    FlowAnnouncementRelay relay;

    @Inject
    FlowAnnouncer announcer;

    @Test
    void announcesEveryFlowAgainAfterKafkaLostItsRecords() {
        String active = createPublishedFlow();
        given().when().post("/api/v1/flows/" + active + "/start").then().statusCode(202);
        String inactive = TestFlows.createGromit();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(FlowChangedTopic.last(active)).map(FlowChangedReconciliationTest::status).contains("active");
            assertThat(FlowChangedTopic.last(inactive)).map(FlowChangedReconciliationTest::status).contains("inactive");
        });

        FlowChangedTopic.deleteAllRecords();
        assertThat(FlowChangedTopic.last(active)).isEmpty();
        assertThat(FlowChangedTopic.last(inactive)).isEmpty();

        assertThat(relay.reannounceAll()).isGreaterThanOrEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertAnnouncedAsInDatabase(active);
            assertAnnouncedAsInDatabase(inactive);
        });
        assertThat(status(FlowChangedTopic.last(active).orElseThrow())).isEqualTo("active");
    }

    @Test
    void concurrentStartsStopsPublishesAndReannouncementsEndWithTheCommittedStateLast() throws Exception {
        String id = createPublishedFlow();
        AtomicBoolean changing = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(5);
        try {
            Future<?> reannouncing = threads.submit(() -> {
                while (changing.get()) {
                    relay.reannounceAll();
                }
            });
            List<Future<?>> changes = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                changes.add(threads.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        int choice = ThreadLocalRandom.current().nextInt(5);
                        if (choice == 0) {
                            given().when().post("/api/v1/flows/" + id + "/publish").then().statusCode(201);
                        } else {
                            String action = choice % 2 == 0 ? "start" : "stop";
                            given().when().post("/api/v1/flows/" + id + "/" + action).then().statusCode(202);
                        }
                    }
                }));
            }
            for (Future<?> change : changes) {
                change.get();
            }
            changing.set(false);
            reannouncing.get();
        } finally {
            changing.set(false);
            threads.shutdownNow();
        }

        // Once nothing waits to be sent, the topic's last message is the state: nothing older can still arrive.
        await().atMost(Duration.ofSeconds(30)).until(() -> announcer.pending() == 0);
        assertAnnouncedAsInDatabase(id);
    }

    @Test
    void announcesChangesMadeWhileKafkaRefusedThemOnceItTakesThemAgain() {
        String started = createPublishedFlow();
        String deleted = TestFlows.createGromit();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(FlowChangedTopic.last(started)).map(FlowChangedReconciliationTest::status).contains("inactive");
            assertThat(FlowChangedTopic.last(deleted)).map(FlowChangedReconciliationTest::status).contains("inactive");
        });

        FlowChangedTopic.refuseWrites();
        try {
            // The changes are saved and answered as usual; the topic does not have them.
            given().when().post("/api/v1/flows/" + started + "/start")
                    .then().statusCode(202).body("status", equalTo("active")).body("activeVersion", equalTo(1));
            given().when().delete("/api/v1/flows/" + deleted).then().statusCode(204);
            given().when().get("/api/v1/flows/" + started).then().body("status", equalTo("active"));
            given().when().get("/api/v1/flows/" + deleted).then().statusCode(404);
            assertThat(announcer.pending()).isGreaterThanOrEqualTo(2);
            assertThat(FlowChangedTopic.last(started)).map(FlowChangedReconciliationTest::status).contains("inactive");
            assertThat(FlowChangedTopic.last(deleted)).map(FlowChangedReconciliationTest::status).contains("inactive");
        } finally {
            FlowChangedTopic.acceptWrites();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertAnnouncedAsInDatabase(started);
            assertThat(FlowChangedTopic.last(deleted)).hasValueSatisfying(r -> assertThat(r.value()).isNull());
        });
        assertThat(status(FlowChangedTopic.last(started).orElseThrow())).isEqualTo("active");
        assertThat(FlowChangedTopic.records(deleted)).extracting(FlowChangedReconciliationTest::status)
                .containsExactly("inactive", "deleted", "(tombstone)");
        // Once Kafka takes writes again, readiness is back too.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200));
    }

    private static String createPublishedFlow() {
        String id = TestFlows.createGromit();
        given().when().post("/api/v1/flows/" + id + "/publish").then().statusCode(201);
        return id;
    }

    /** The flow's last message on the topic carries the status and live version its GET shows. */
    private static void assertAnnouncedAsInDatabase(String id) {
        JsonPath flow = given().when().get("/api/v1/flows/" + id).then().statusCode(200).extract().jsonPath();
        JsonNode last = read(FlowChangedTopic.last(id).orElseThrow(() ->
                new AssertionError("flow " + id + " has no message on flow.changed")));
        assertThat(last.get("status").asText()).isEqualTo(flow.getString("status"));
        assertThat(last.get("activeVersion").isNull() ? null : last.get("activeVersion").asInt())
                .isEqualTo(flow.get("activeVersion"));
    }

    private static String status(ConsumerRecord<String, String> record) {
        return record.value() == null ? "(tombstone)" : read(record).path("status").asText();
    }

    private static JsonNode read(ConsumerRecord<String, String> record) {
        try {
            return JSON.readTree(record.value());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
