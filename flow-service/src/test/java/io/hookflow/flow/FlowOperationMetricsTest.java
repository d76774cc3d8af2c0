package io.hookflow.flow;

import io.hookflow.flow.support.PlatformTestProfile;
import io.hookflow.flow.support.TestFlows;
import io.hookflow.testsupport.PrometheusScrape;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hookflow_flow_operations_total{operation,outcome}} counts each admin call that changes something by how it
 * was answered, and every business metric of flow-service is named from the first scrape (docs/metrics.md).
 */
@QuarkusTest
@TestProfile(PlatformTestProfile.class)
@TestSecurity(user = "demo", roles = {"flows.read", "flows.write", "flows.control", "executions.read",
        "executions.control"})
@OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
class FlowOperationMetricsTest {

    private static final String OPERATIONS = "hookflow_flow_operations_total";

    @Test
    void countsFlowOperationsByOutcome() {
        PrometheusScrape before = PrometheusScrape.now();

        String id = TestFlows.createGromit();
        given().when().post("/api/v1/flows/" + id + "/start").then().statusCode(409);
        given().when().post("/api/v1/flows/" + id + "/publish").then().statusCode(201);
        given().when().post("/api/v1/flows/" + id + "/start").then().statusCode(202);
        given().when().post("/api/v1/flows/" + id + "/stop").then().statusCode(202);
        given().contentType(ContentType.JSON).body(Map.of("name", "", "steps", List.of()))
                .when().put("/api/v1/flows/" + id).then().statusCode(400);
        given().when().post("/api/v1/executions/" + ExecutionIds.of(id, "0".repeat(32)) + "/retry")
                .then().statusCode(404);
        given().when().post("/api/v1/dead-letters/ffffffffffffffffffffffff/replay").then().statusCode(404);
        given().when().delete("/api/v1/flows/" + id).then().statusCode(204);
        given().when().get("/api/v1/flows").then().statusCode(200);

        PrometheusScrape after = PrometheusScrape.now();
        assertThat(moved(before, after, "create", "ok")).isEqualTo(1);
        assertThat(moved(before, after, "start", "conflict")).isEqualTo(1);
        assertThat(moved(before, after, "publish", "ok")).isEqualTo(1);
        assertThat(moved(before, after, "start", "ok")).isEqualTo(1);
        assertThat(moved(before, after, "stop", "ok")).isEqualTo(1);
        assertThat(moved(before, after, "update", "invalid")).isEqualTo(1);
        assertThat(moved(before, after, "retry", "not_found")).isEqualTo(1);
        assertThat(moved(before, after, "replay", "not_found")).isEqualTo(1);
        assertThat(moved(before, after, "delete", "ok")).isEqualTo(1);
        // reads are not operations
        assertThat(after.value(OPERATIONS) - before.value(OPERATIONS)).isEqualTo(9);
    }

    @Test
    @TestSecurity(user = "viewer", roles = {"flows.read"})
    void countsRefusedOperations() {
        PrometheusScrape before = PrometheusScrape.now();
        given().contentType(ContentType.JSON).body(TestFlows.gromit())
                .when().post("/api/v1/flows").then().statusCode(403);
        given().when().post("/api/v1/flows/ffffffffffffffffffffffff/executions/retry").then().statusCode(403);

        PrometheusScrape after = PrometheusScrape.now();
        assertThat(moved(before, after, "create", "refused")).isEqualTo(1);
        assertThat(moved(before, after, "bulk_retry", "refused")).isEqualTo(1);
    }

    @Test
    void namesEveryBusinessMetricFromTheFirstScrape() {
        PrometheusScrape scrape = PrometheusScrape.now();
        for (String operation : List.of("create", "update", "delete", "publish", "start", "stop", "retry",
                "bulk_retry", "replay")) {
            for (String outcome : List.of("ok", "invalid", "refused", "not_found", "conflict", "unavailable",
                    "error")) {
                assertThat(scrape.has(OPERATIONS, "operation", operation, "outcome", outcome))
                        .as("%s{operation=%s,outcome=%s}", OPERATIONS, operation, outcome).isTrue();
            }
        }
        // series no test of this module moves: there from startup, not from a first increment
        assertThat(scrape.has(OPERATIONS, "operation", "replay", "outcome", "error")).isTrue();
        assertThat(scrape.value(OPERATIONS, "operation", "replay", "outcome", "error")).isZero();
        assertThat(scrape.has("hookflow_run_record_write_duration_seconds_count", "outcome", "failed")).isTrue();
        assertThat(scrape.has("hookflow_dead_letters_received_total", "workspace", "unknown")).isTrue();
        for (String status : List.of("running", "retrying", "succeeded", "failed")) {
            assertThat(scrape.has("hookflow_run_records_total", "status", status)).as(status).isTrue();
        }
        for (String status : List.of("succeeded", "failed")) {
            assertThat(scrape.has("hookflow_execution_end_to_end_seconds_bucket", "status", status)).as(status)
                    .isTrue();
        }
        for (String outcome : List.of("written", "refused", "failed")) {
            assertThat(scrape.has("hookflow_run_record_write_duration_seconds_bucket", "outcome", outcome))
                    .as(outcome).isTrue();
        }
    }

    private static double moved(PrometheusScrape before, PrometheusScrape after, String operation, String outcome) {
        return after.value(OPERATIONS, "operation", operation, "outcome", outcome)
                - before.value(OPERATIONS, "operation", operation, "outcome", outcome);
    }
}
