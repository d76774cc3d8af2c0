package io.hookflow.flow;

import io.hookflow.flow.service.ExecutionStats;
import io.hookflow.flow.service.ExecutionStats.Change;
import io.hookflow.flow.support.PlatformTestProfile;
import io.hookflow.flow.support.TestFlows;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.hookflow.flow.ExecutionStatus.FAILED;
import static io.hookflow.flow.ExecutionStatus.RETRYING;
import static io.hookflow.flow.ExecutionStatus.RUNNING;
import static io.hookflow.flow.ExecutionStatus.SUCCEEDED;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * A measurement, not a check of speed: fills the stats rollup of one flow with N executions through
 * {@link ExecutionStats#apply} as the record path calls it (batches of 500 changes: new executions as
 * {@code running}, each finished 100 executions later; 10 % fail, 5 % retry once first), received evenly over D days
 * ending now, then prints what apply cost per change and what the stats endpoint costs for 24 hours and 31 days
 * (call times and query plans). Runs only with {@code -Dmeasure.stats.executions=N} (and optionally
 * {@code -Dmeasure.stats.days=D}, default 3).
 */
@QuarkusTest
@TestProfile(PlatformTestProfile.class)
@TestSecurity(user = "demo", roles = {"flows.read", "flows.write", "executions.read"})
@OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
@EnabledIfSystemProperty(named = "measure.stats.executions", matches = "[0-9]+")
class ExecutionStatsMeasurement {

    private static final int BATCH = 500;
    private static final int IN_FLIGHT = 100;

    @Inject
    ExecutionStats stats;

    @Inject
    EntityManager entityManager;

    @Inject
    DataSource dataSource;

    @Test
    void measuresTheRollupAtMillionsOfExecutions() {
        int executions = Integer.getInteger("measure.stats.executions");
        int days = Integer.getInteger("measure.stats.days", 3);
        String flowId = TestFlows.createGromit();
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant start = end.minus(days, ChronoUnit.DAYS);
        long spacingNanos = Duration.ofDays(days).toNanos() / executions;
        SplittableRandom random = new SplittableRandom(42);

        List<Change> batch = new ArrayList<>(BATCH);
        long changes = 0;
        long batches = 0;
        long inApply = 0;
        long began = System.nanoTime();
        for (int i = 0; i < executions + IN_FLIGHT; i++) {
            if (i < executions) {
                batch.add(new Change(flowId, start.plusNanos(i * spacingNanos), null, null, RUNNING, null));
            }
            int done = i - IN_FLIGHT;
            if (done >= 0) {
                Instant received = start.plusNanos(done * spacingNanos);
                // durations spread log-normally around ~300 ms, a long tail of slow ones
                long duration = Math.max(1, Math.round(Math.exp(5.7 + random.nextGaussian() * 0.8)));
                int fate = random.nextInt(100);
                if (fate < 5) {
                    batch.add(new Change(flowId, received, RUNNING, null, RETRYING, null));
                    batch.add(new Change(flowId, received, RETRYING, null, SUCCEEDED, duration + 60_000));
                } else {
                    batch.add(new Change(flowId, received, RUNNING, null, fate < 15 ? FAILED : SUCCEEDED, duration));
                }
            }
            if (batch.size() >= BATCH || i == executions + IN_FLIGHT - 1) {
                List<Change> changesOfBatch = List.copyOf(batch);
                long[] applied = new long[1];
                QuarkusTransaction.requiringNew().run(() -> {
                    long t0 = System.nanoTime();
                    stats.apply(changesOfBatch);
                    applied[0] = System.nanoTime() - t0;
                });
                inApply += applied[0];
                changes += batch.size();
                batches++;
                batch.clear();
            }
        }
        long filled = System.nanoTime() - began;
        long rows = QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM execution_stats_minute WHERE flow_id = ?1").setParameter(1, flowId)
                .getSingleResult()).longValue());
        System.out.printf("MEASURE %,d executions over %d days: %,d changes in %,d batches, %,d rollup rows; "
                        + "apply %.2f µs per change (%.2f ms per batch of %d); with its transaction %.2f µs per change; "
                        + "%.1f s in all%n", executions, days, changes, batches, rows, inApply / 1e3 / changes,
                inApply / 1e6 / batches, BATCH, filled / 1e3 / changes, filled / 1e9);

        given().queryParam("from", end.minus(31, ChronoUnit.DAYS).toString()).queryParam("to", end.toString())
                .when().get("/api/v1/flows/" + flowId + "/stats")
                .then().statusCode(200).body("counts.received", equalTo(executions))
                .body("counts.running", equalTo(0));
        printCosts(flowId, end, "right after filling");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("vacuum analyze execution_stats_minute");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        printCosts(flowId, end, "after vacuum analyze");
    }

    private void printCosts(String flowId, Instant end, String when) {
        System.out.println("MEASURE ---- " + when);
        for (int hours : List.of(24, 31 * 24)) {
            Instant from = end.minus(hours, ChronoUnit.HOURS);
            String url = "/api/v1/flows/" + flowId + "/stats?from=" + from + "&to=" + end;
            given().when().get(url).then().statusCode(200);
            long t0 = System.nanoTime();
            int bytes = 0;
            for (int i = 0; i < 20; i++) {
                bytes = given().when().get(url).then().statusCode(200).extract().asByteArray().length;
            }
            System.out.printf("MEASURE GET stats over %d h: %.1f ms per call (20 calls), %,d bytes%n", hours,
                    (System.nanoTime() - t0) / 20 / 1e6, bytes);
            long t1 = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                stats.read("demo", flowId, from, end);
            }
            System.out.printf("MEASURE   of which ExecutionStats.read (its transaction, the query, the sums): "
                    + "%.1f ms per call%n", (System.nanoTime() - t1) / 20 / 1e6);
            // the query ExecutionStatsRepository.read runs
            explain("SELECT minute, running, retrying, succeeded, failed, durations::TEXT FROM execution_stats_minute "
                    + "WHERE flow_id = ?1 AND minute >= ?2 AND minute < ?3 ORDER BY minute", flowId, from, end);
        }
    }

    private void explain(String sql, String flowId, Instant from, Instant to) {
        List<?> plan = QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("explain (analyze, buffers) " + sql)
                .setParameter(1, flowId).setParameter(2, from).setParameter(3, to).getResultList());
        System.out.println("MEASURE " + sql);
        plan.stream().map(String::valueOf).filter(line -> !line.contains("Buffers:") && !line.startsWith("Planning"))
                .forEach(line -> System.out.println("MEASURE   " + line));
    }
}
