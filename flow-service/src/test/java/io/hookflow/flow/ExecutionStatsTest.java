package io.hookflow.flow;

import io.hookflow.flow.service.DurationHistogram;
import io.hookflow.flow.service.ExecutionStats;
import io.hookflow.flow.service.ExecutionStats.Change;
import io.hookflow.flow.service.ExecutionStatsRetention;
import io.hookflow.flow.service.FlowService;
import io.hookflow.flow.support.PlatformTestProfile;
import io.hookflow.flow.support.TestFlows;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.hookflow.flow.ExecutionStatus.FAILED;
import static io.hookflow.flow.ExecutionStatus.RETRYING;
import static io.hookflow.flow.ExecutionStatus.RUNNING;
import static io.hookflow.flow.ExecutionStatus.SUCCEEDED;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.hamcrest.Matchers.equalTo;

/** GET /api/v1/flows/{id}/stats, from the rollup that ExecutionStats.apply keeps. */
@QuarkusTest
@TestProfile(PlatformTestProfile.class)
@TestSecurity(user = "demo", roles = {"flows.read", "flows.write", "executions.read"})
@OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
class ExecutionStatsTest {

    @Inject
    ExecutionStats stats;

    @Inject
    ExecutionStatsRetention retention;

    @Inject
    FlowService flows;

    @Inject
    EntityManager entityManager;

    @Test
    void countsEachExecutionByItsCurrentStatusInTheMinuteItWasReceived() {
        String flowId = TestFlows.createGromit();
        Instant m0 = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        Instant m1 = m0.plus(1, ChronoUnit.MINUTES);
        Instant a = m0.plusSeconds(5);
        Instant b = m0.plusSeconds(59);
        Instant c = m1.plusSeconds(1);
        Instant d = m1.plusSeconds(30);

        // a: running -> succeeded; b: running -> retrying -> failed; c: running -> failed -> retrying (a manual
        // retry) -> succeeded; d: still running. Each batch as the record path would send it.
        apply(new Change(flowId, a, null, null, RUNNING, null),
                new Change(flowId, b, null, null, RUNNING, null),
                new Change(flowId, c, null, null, RUNNING, null));
        apply(new Change(flowId, a, RUNNING, null, SUCCEEDED, 100L),
                new Change(flowId, b, RUNNING, null, RETRYING, null),
                new Change(flowId, c, RUNNING, null, FAILED, 2_000L),
                new Change(flowId, d, null, null, RUNNING, null));
        JsonPath midway = get(flowId, m0, m1.plus(1, ChronoUnit.MINUTES));
        assertThat(counts(midway)).isEqualTo(Map.of("received", 4, "running", 1, "retrying", 1, "succeeded", 1, "failed", 1));
        assertThat(midway.getInt("durationMs.count")).isEqualTo(2);

        apply(new Change(flowId, c, FAILED, 2_000L, RETRYING, null));
        apply(new Change(flowId, b, RETRYING, null, FAILED, 5_000L),
                new Change(flowId, c, RETRYING, null, SUCCEEDED, 60_000L));

        JsonPath both = get(flowId, m0, m1.plus(1, ChronoUnit.MINUTES));
        assertThat(both.getString("flowId")).isEqualTo(flowId);
        assertThat(both.getString("from")).isEqualTo(m0.toString());
        assertThat(both.getString("to")).isEqualTo(m1.plus(1, ChronoUnit.MINUTES).toString());
        assertThat(counts(both)).isEqualTo(Map.of("received", 4, "running", 1, "retrying", 0, "succeeded", 2, "failed", 1));
        assertThat(both.getList("series")).isEqualTo(List.of(
                Map.of("minute", m0.toString(), "received", 2, "running", 0, "retrying", 0, "succeeded", 1, "failed", 1),
                Map.of("minute", m1.toString(), "received", 2, "running", 1, "retrying", 0, "succeeded", 1, "failed", 0)));
        // 100, 5 000 and 60 000 ms (c's first 2 000 ms left with its failure): nearest rank of three
        assertThat(both.getInt("durationMs.count")).isEqualTo(3);
        assertThat(both.getLong("durationMs.p50")).isCloseTo(5_000L, withinPercentage(5));
        assertThat(both.getLong("durationMs.p95")).isCloseTo(60_000L, withinPercentage(5));
        assertThat(both.getLong("durationMs.p99")).isEqualTo(both.getLong("durationMs.p95"));

        // from and to are truncated to the minute: [m1 + 30 s, m1 + 90 s) is the minute m1
        JsonPath second = get(flowId, m1.plusSeconds(30), m1.plusSeconds(90));
        assertThat(second.getString("from")).isEqualTo(m1.toString());
        assertThat(counts(second)).isEqualTo(Map.of("received", 2, "running", 1, "retrying", 0, "succeeded", 1, "failed", 0));
        assertThat(second.getList("series.minute")).isEqualTo(List.of(m1.toString()));
        assertThat(second.getLong("durationMs.p50")).isCloseTo(60_000L, withinPercentage(5));
    }

    @Test
    void aFlowWithoutExecutionsHasZeroCountsAndNoPercentiles() {
        String flowId = TestFlows.createGromit();

        given().when().get("/api/v1/flows/" + flowId + "/stats")
                .then().statusCode(200)
                .body("counts.received", equalTo(0)).body("counts.failed", equalTo(0))
                .body("durationMs.count", equalTo(0)).body("durationMs.p50", equalTo(null))
                .body("series.size()", equalTo(0));
    }

    @Test
    void defaultsToTheLastTwentyFourHoursEndingWithTheCurrentMinute() {
        String flowId = TestFlows.createGromit();
        Instant now = Instant.now();
        apply(new Change(flowId, now, null, null, RUNNING, null),
                new Change(flowId, now.minus(25, ChronoUnit.HOURS), null, null, RUNNING, null));

        JsonPath body = given().when().get("/api/v1/flows/" + flowId + "/stats")
                .then().statusCode(200).extract().jsonPath();
        Instant to = Instant.parse(body.getString("to"));
        assertThat(to).isAfter(now).isEqualTo(to.truncatedTo(ChronoUnit.MINUTES));
        assertThat(Instant.parse(body.getString("from"))).isEqualTo(to.minus(24, ChronoUnit.HOURS));
        assertThat(body.getInt("counts.running")).isEqualTo(1);
    }

    @Test
    void rejectsBadRangesNamingTheParameter() {
        String url = "/api/v1/flows/" + TestFlows.createGromit() + "/stats";

        given().when().get(url + "?from=yesterday").then().statusCode(400)
                .body("error", equalTo("from must be an ISO-8601 instant such as 2026-11-28T20:40:03Z"));
        given().when().get(url + "?to=2026-11-28").then().statusCode(400)
                .body("error", equalTo("to must be an ISO-8601 instant such as 2026-11-28T20:40:03Z"));
        given().when().get(url + "?from=2026-11-28T20:41:00Z&to=2026-11-28T20:40:00Z").then().statusCode(400)
                .body("error", equalTo("from must not be after to"));
        given().when().get(url + "?from=2026-10-28T20:39:00Z&to=2026-11-28T20:40:00Z").then().statusCode(400)
                .body("error", equalTo("from must be at most 31 days before to"));
        given().when().get(url + "?from=2026-10-28T20:40:00Z&to=2026-11-28T20:40:00Z").then().statusCode(200);
    }

    @Test
    void answers404ForAnUnknownFlow() {
        given().when().get("/api/v1/flows/ffffffffffffffffffffffff/stats").then().statusCode(404)
                .body("error", equalTo("Flow ffffffffffffffffffffffff does not exist"));
    }

    @Test
    @TestSecurity(user = "other", roles = {"flows.read", "executions.read"})
    @OidcSecurity(claims = @Claim(key = "workspace", value = "other"))
    void hidesAnotherWorkspacesFlow() {
        String demoFlow = flows.create("demo", "Demo's flow", null,
                List.of(new FlowStep("step_1", "Webhook", null, "webhook", "receive", "cred", null, null)), null).flow().id;

        given().when().get("/api/v1/flows/" + demoFlow + "/stats").then().statusCode(404)
                .body("error", equalTo("Flow " + demoFlow + " does not exist"));
    }

    @Test
    @TestSecurity(user = "viewer", roles = {"flows.read"})
    @OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
    void requiresExecutionsRead() {
        String flowId = flows.create("demo", "Viewer's flow", null,
                List.of(new FlowStep("step_1", "Webhook", null, "webhook", "receive", "cred", null, null)), null).flow().id;

        given().when().get("/api/v1/flows/" + flowId + "/stats").then().statusCode(403)
                .body("error", equalTo("The token lacks the role or workspace this request needs"));
    }

    @Test
    void applyNeedsTheCallersTransaction() {
        assertThatThrownBy(() -> stats.apply(List.of(new Change("f", Instant.now(), null, null, RUNNING, null))))
                .hasMessageContaining("Transaction");
    }

    @Test
    void retentionDeletesOnlyMinutesBeforeTheCutoff() {
        String flowId = TestFlows.createGromit();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant old = now.minus(401, ChronoUnit.DAYS);
        Instant recent = now.minus(399, ChronoUnit.DAYS);
        apply(new Change(flowId, old, null, null, SUCCEEDED, 10L),
                new Change(flowId, old.plus(1, ChronoUnit.MINUTES), null, null, FAILED, 10L),
                new Change(flowId, recent, null, null, SUCCEEDED, 10L));

        assertThat(retention.purgeBefore(now.minus(400, ChronoUnit.DAYS), 1)).isGreaterThanOrEqualTo(2);

        assertThat(get(flowId, old, old.plus(2, ChronoUnit.MINUTES)).getInt("counts.received")).isZero();
        assertThat(get(flowId, recent, recent.plus(1, ChronoUnit.MINUTES)).getInt("counts.succeeded")).isEqualTo(1);
        assertThat(retention.purge()).isZero();
    }

    @Test
    void histogramsAddUpWhateverTheirBounds() {
        // a lower bound of 1 goes unsaid
        assertThat(sql("SELECT execution_stats_add('[3:4]={1,2}', '[1:5]={1,0,-1,0,1}')::text"))
                .isEqualTo("{1,0,0,2,1}");;
        assertThat(sql("SELECT execution_stats_add('[3:4]={1,2}', '[4:6]={1,1,1}')::text")).isEqualTo("[3:6]={1,3,1,1}");
        assertThat(sql("SELECT execution_stats_add('[3:4]={1,2}', '{}')::text")).isEqualTo("[3:4]={1,2}");
        assertThat(sql("SELECT execution_stats_add('{}', '[7:7]={1}')::text")).isEqualTo("[7:7]={1}");
    }

    @Test
    void theMigrationsBackfillPutsDurationsInTheSameBucketsAsTheService() {
        // The expression of V8's backfill, over durations around every bucket boundary up to the cap.
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("""
                SELECT ms, CASE WHEN ms <= 1 THEN 0
                           ELSE least(239, ceil(ln(ms::DOUBLE PRECISION) / ln(1.1::DOUBLE PRECISION))::INTEGER) END
                FROM (SELECT DISTINCT (floor(1.1 ^ i) + d)::BIGINT AS ms
                      FROM generate_series(0, 245) i, generate_series(-1, 1) d) durations
                """).getResultList());
        assertThat(rows).hasSizeGreaterThan(500);
        for (Object[] row : rows) {
            long ms = ((Number) row[0]).longValue();
            assertThat(((Number) row[1]).intValue()).as("%d ms", ms).isEqualTo(DurationHistogram.bucket(ms));
        }
    }

    private void apply(Change... changes) {
        QuarkusTransaction.requiringNew().run(() -> stats.apply(List.of(changes)));
    }

    private String sql(String query) {
        return QuarkusTransaction.requiringNew().call(() ->
                String.valueOf(entityManager.createNativeQuery(query).getSingleResult()));
    }

    private static JsonPath get(String flowId, Instant from, Instant to) {
        return given().queryParam("from", from.toString()).queryParam("to", to.toString())
                .when().get("/api/v1/flows/" + flowId + "/stats")
                .then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Object> counts(JsonPath body) {
        return body.getMap("counts");
    }
}
