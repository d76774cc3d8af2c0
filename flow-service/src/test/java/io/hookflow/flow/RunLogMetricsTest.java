package io.hookflow.flow;

import io.hookflow.flow.support.ExecutionRecords;
import io.hookflow.flow.support.PlatformTestProfile;
import io.hookflow.flow.support.TestFlows;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The run log's business metrics move with the records written (docs/metrics.md). */
@QuarkusTest
@TestProfile(PlatformTestProfile.class)
@TestSecurity(user = "demo", roles = {"flows.read", "flows.write", "executions.read"})
@OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
class RunLogMetricsTest {

    @Test
    void countsRecordsWritesAndEndToEndTimesOfExecutionsThatEnded() {
        String flowId = TestFlows.createGromit();
        double succeeded = metric("hookflow_run_records_total{status=\"succeeded\"}");
        double running = metric("hookflow_run_records_total{status=\"running\"}");
        double endedSucceeded = metric("hookflow_execution_end_to_end_seconds_count{status=\"succeeded\"}");
        double endedFailed = metric("hookflow_execution_end_to_end_seconds_count{status=\"failed\"}");
        double writes = metric("hookflow_run_record_write_duration_seconds_count{outcome=\"written\"}");

        // one execution running then succeeded, a second one succeeded at once, a redelivered final of the first
        String first = ExecutionRecords.requestId();
        String second = ExecutionRecords.requestId();
        Instant received = Instant.now().minusSeconds(2);
        ExecutionRecords.send(flowId, ExecutionRecords.record(first, flowId, "running", received));
        ExecutionRecords.send(flowId, ExecutionRecords.record(first, flowId, "succeeded", received));
        ExecutionRecords.send(flowId, ExecutionRecords.record(second, flowId, "succeeded", received));
        ExecutionRecords.send(flowId, ExecutionRecords.record(first, flowId, "succeeded", received));
        ExecutionRecords.awaitStored(flowId, first);
        ExecutionRecords.awaitStored(flowId, second);
        // the marker is one more running record, written after the four on the flow's partition
        ExecutionRecords.sendMarkerAndAwait(flowId);

        assertThat(metric("hookflow_run_records_total{status=\"succeeded\"}") - succeeded).isEqualTo(3);
        assertThat(metric("hookflow_run_records_total{status=\"running\"}") - running).isEqualTo(2);
        // two executions ended (the redelivered final changed nothing), each at least 2 s after its webhook
        assertThat(metric("hookflow_execution_end_to_end_seconds_count{status=\"succeeded\"}") - endedSucceeded)
                .isEqualTo(2);
        assertThat(metric("hookflow_execution_end_to_end_seconds_count{status=\"failed\"}") - endedFailed).isZero();
        assertThat(metric("hookflow_execution_end_to_end_seconds_bucket{status=\"succeeded\",le=\"1.0\"}"))
                .isLessThanOrEqualTo(metric("hookflow_execution_end_to_end_seconds_count{status=\"succeeded\"}") - 2);
        assertThat(metric("hookflow_run_record_write_duration_seconds_count{outcome=\"written\"}") - writes)
                .isGreaterThanOrEqualTo(2);
    }

    private static double metric(String series) {
        String text = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        assertThat(matcher.find()).as("%s in /q/metrics", series).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
