package io.hookflow.ingress;

import io.hookflow.testsupport.KafkaResource;
import io.hookflow.testsupport.PrometheusScrape;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The business metrics of {@code docs/metrics.md}, as Prometheus scrapes them, moved by real webhook calls. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(CredentialServiceStub.class)
class WebhookMetricsTest {

    private static final String NOAUTH = "c0ffee0000000000000000a1";
    private static final String BASIC = "c0ffee0000000000000000a2";
    private static final String RECEIVED = "hookflow_webhooks_received_total";
    private static final SecureRandom RANDOM = new SecureRandom();

    private static TestKafka kafka;

    @BeforeAll
    static void setUp() {
        kafka = new TestKafka();
        CredentialServiceStub.put(NOAUTH, "demo", "webhook-noauth", "{}");
        CredentialServiceStub.put(BASIC, "demo", "webhook-basic", "{\"username\":\"gromit\",\"password\":\"cheese\"}");
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
    }

    @Test
    void countsAcceptedAndRefusedWebhooksByReasonAndTimesThem() {
        String open = activeFlow(NOAUTH);
        String guarded = activeFlow(BASIC);
        PrometheusScrape before = PrometheusScrape.now();

        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON).body("{\"petname\":\"Gromit\"}")
                    .when().post("/hook/" + open).then().statusCode(200);
        }
        for (int i = 0; i < 2; i++) {
            given().contentType(ContentType.JSON).body("{}").when().post("/hook/" + newId()).then().statusCode(404);
        }
        given().contentType(ContentType.JSON).body("{}").when().post("/hook/" + guarded).then().statusCode(401);
        assertThat(WithoutContentType.post("/hook/" + open, "<a/>".getBytes()).statusCode()).isEqualTo(415);
        given().contentType(ContentType.JSON).body("{\"petname\":").when().post("/hook/" + open).then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"big\":\"" + "x".repeat(2000) + "\"}")
                .when().post("/hook/" + open).then().statusCode(413);

        // the call is counted once its answer went out, which the client may see first
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PrometheusScrape after = PrometheusScrape.now();
            assertThat(moved(before, after, "accepted", "none", "200")).isEqualTo(3);
            assertThat(moved(before, after, "rejected", "unknown_flow", "404")).isEqualTo(2);
            assertThat(moved(before, after, "rejected", "unauthenticated", "401")).isEqualTo(1);
            assertThat(moved(before, after, "rejected", "unsupported_media_type", "415")).isEqualTo(1);
            assertThat(moved(before, after, "rejected", "malformed", "400")).isEqualTo(1);
            assertThat(moved(before, after, "rejected", "too_large", "413")).isEqualTo(1);
            assertThat(after.value(RECEIVED) - before.value(RECEIVED)).isEqualTo(9);
            String timer = "hookflow_webhook_accept_duration_seconds_count";
            assertThat(after.value(timer, "outcome", "accepted") - before.value(timer, "outcome", "accepted"))
                    .isEqualTo(3);
            assertThat(after.value(timer, "outcome", "rejected") - before.value(timer, "outcome", "rejected"))
                    .isEqualTo(6);
        });

        PrometheusScrape now = PrometheusScrape.now();
        // buckets, so that Prometheus can compute a p99 over every pod
        assertThat(now.has("hookflow_webhook_accept_duration_seconds_bucket", "outcome", "accepted", "le", "+Inf"))
                .isTrue();
        assertThat(now.value("hookflow_flow_registry_flows", "state", "active")).isGreaterThanOrEqualTo(2);
        assertThat(now.has("hookflow_flow_registry_flows", "state", "inactive")).isTrue();
        assertThat(now.text()).contains("\nhookflow_webhook_body_in_flight_bytes ");
        // refusals that did not happen yet show as 0, so that rate() and alerts see the series from the start
        assertThat(now.has(RECEIVED, "reason", "broker_unavailable", "status", "503")).isTrue();
        assertThat(now.has(RECEIVED, "reason", "rate_limited", "status", "429")).isTrue();
        // never a request id or a flow id as a label
        assertThat(now.text()).doesNotContain(open).doesNotContain(guarded);
    }

    @Test
    void namesEveryDashboardMetricFromTheFirstScrape() {
        PrometheusScrape scrape = PrometheusScrape.now();
        for (String outcome : List.of("accepted", "rejected", "unavailable", "error")) {
            assertThat(scrape.has("hookflow_webhook_accept_duration_seconds_bucket", "outcome", outcome))
                    .as(outcome).isTrue();
        }
        for (String[] series : new String[][] {{"accepted", "none", "200"}, {"rejected", "unknown_flow", "404"},
                {"rejected", "unauthenticated", "401"}, {"rejected", "rate_limited", "429"},
                {"rejected", "too_large", "413"}, {"rejected", "unsupported_media_type", "415"},
                {"rejected", "malformed", "400"}, {"rejected", "method_not_allowed", "405"},
                {"unavailable", "busy", "503"}, {"unavailable", "credentials_unavailable", "503"},
                {"unavailable", "broker_unavailable", "503"}, {"error", "internal_error", "500"}}) {
            assertThat(scrape.has(RECEIVED, "outcome", series[0], "reason", series[1], "status", series[2]))
                    .as(String.join(",", series)).isTrue();
        }
        // no test here answers 500: the series is there from startup, not from a first call
        assertThat(scrape.value(RECEIVED, "reason", "internal_error", "status", "500")).isZero();
        assertThat(scrape.text()).contains("\nhookflow_webhook_body_in_flight_bytes ");
        assertThat(scrape.has("hookflow_flow_registry_flows", "state", "active")).isTrue();
        assertThat(scrape.has("hookflow_flow_registry_flows", "state", "inactive")).isTrue();
    }

    @Test
    void flowRegistryGaugeFollowsFlowChanges() {
        String flowId = newId();
        double before = PrometheusScrape.now().value("hookflow_flow_registry_flows", "state", "inactive");
        kafka.flowChanged(flowId, "inactive", 1, NOAUTH);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                PrometheusScrape.now().value("hookflow_flow_registry_flows", "state", "inactive"))
                .isEqualTo(before + 1));
        kafka.flowDeleted(flowId);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                PrometheusScrape.now().value("hookflow_flow_registry_flows", "state", "inactive"))
                .isEqualTo(before));
    }

    private static double moved(PrometheusScrape before, PrometheusScrape after, String outcome, String reason,
                                String status) {
        String[] labels = {"outcome", outcome, "reason", reason, "status", status};
        return after.value(RECEIVED, labels) - before.value(RECEIVED, labels);
    }

    private static String activeFlow(String credentialId) {
        String flowId = newId();
        kafka.flowChanged(flowId, "active", 1, credentialId);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().head("/hook/" + flowId).then().statusCode(200));
        return flowId;
    }

    private static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
