package io.hookflow.flow;

import io.hookflow.flow.support.ExecutionRecords;
import io.hookflow.flow.support.PlatformTestProfile;
import io.hookflow.flow.support.TestFlows;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;

import static io.hookflow.flow.support.ExecutionRecords.attempt;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** Each run of an execution is an attempt of its own; the execution shows its latest attempt. */
@QuarkusTest
@TestProfile(PlatformTestProfile.class)
@TestSecurity(user = "demo", roles = {"flows.read", "flows.write", "executions.read"})
@OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
class ExecutionAttemptsTest {

    @Inject
    DataSource dataSource;

    @Test
    void keepsEachAttemptAndShowsTheLatest() {
        String flowId = TestFlows.createGromit();
        String requestId = ExecutionRecords.requestId();
        ExecutionRecords.send(flowId, attempt(requestId, flowId, "demo", "running", 1));
        ExecutionRecords.send(flowId, attempt(requestId, flowId, "demo", "retrying", 1));
        ExecutionRecords.send(flowId, attempt(requestId, flowId, "demo", "running", 2));
        ExecutionRecords.send(flowId, attempt(requestId, flowId, "demo", "succeeded", 2));
        ExecutionRecords.sendMarkerAndAwait(flowId);

        given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, requestId))
                .then().statusCode(200)
                .body("id", equalTo(flowId + "-" + requestId))
                .body("requestId", equalTo(requestId))
                .body("status", equalTo("succeeded"))
                .body("attempts", equalTo(2))
                .body("error", nullValue())
                .body("nextAttemptAt", nullValue())
                .body("finishedAt", equalTo("2026-11-28T20:40:02.500Z"))
                .body("durationMs", equalTo(2500))
                .body("steps[1].output.attempt", equalTo(2))
                .body("attemptHistory.size()", equalTo(2))
                .body("attemptHistory[0].attempt", equalTo(1))
                .body("attemptHistory[0].status", equalTo("retrying"))
                .body("attemptHistory[0].startedAt", equalTo("2026-11-28T20:40:01Z"))
                .body("attemptHistory[0].finishedAt", nullValue())
                .body("attemptHistory[0].error", equalTo("Attempt 1 retrying"))
                .body("attemptHistory[0].steps[1].output.status", equalTo("retrying"))
                .body("attemptHistory[1].attempt", equalTo(2))
                .body("attemptHistory[1].status", equalTo("succeeded"))
                .body("attemptHistory[1].startedAt", equalTo("2026-11-28T20:40:02Z"))
                .body("attemptHistory[1].finishedAt", equalTo("2026-11-28T20:40:02.500Z"))
                .body("attemptHistory[1].error", nullValue())
                .body("attemptHistory[1].steps[1].output.status", equalTo("succeeded"));
    }

    @Test
    void lateOrSecondFinalsOfAnAttemptChangeNothing() {
        String flowId = TestFlows.createGromit();
        String requestId = ExecutionRecords.requestId();
        ExecutionRecords.send(flowId, attempt(requestId, flowId, "demo", "retrying", 1));
        ExecutionRecords.send(flowId, attempt(requestId, flowId, "demo", "succeeded", 2));
        ExecutionRecords.sendMarkerAndAwait(flowId);
        String before = detail(flowId, requestId);

        // a redelivered run of attempt 1 that ended otherwise, a second final of attempt 2, a late running
        ExecutionRecords.send(flowId, attempt(requestId, flowId, "demo", "failed", 1));
        ExecutionRecords.send(flowId, attempt(requestId, flowId, "demo", "failed", 2));
        ExecutionRecords.send(flowId, attempt(requestId, flowId, "demo", "running", 2));
        ExecutionRecords.sendMarkerAndAwait(flowId);

        assertThat(detail(flowId, requestId)).isEqualTo(before)
                .contains("\"status\":\"succeeded\"", "\"attempt\":1,\"status\":\"retrying\"");
    }

    @Test
    void theFirstFinalOfAnAttemptWins() {
        String flowId = TestFlows.createGromit();
        String requestId = ExecutionRecords.requestId();
        ExecutionRecords.send(flowId, attempt(requestId, flowId, "demo", "running", 1));
        ExecutionRecords.send(flowId, attempt(requestId, flowId, "demo", "succeeded", 1));
        ExecutionRecords.sendMarkerAndAwait(flowId);
        ExecutionRecords.send(flowId, attempt(requestId, flowId, "demo", "failed", 1));
        ExecutionRecords.sendMarkerAndAwait(flowId);

        given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, requestId))
                .then().statusCode(200)
                .body("status", equalTo("succeeded"))
                .body("error", nullValue())
                .body("attemptHistory.size()", equalTo(1))
                .body("attemptHistory[0].status", equalTo("succeeded"))
                .body("attemptHistory[0].steps[1].output.status", equalTo("succeeded"));
        given().when().get("/api/v1/flows/" + flowId + "/executions?status=failed")
                .then().statusCode(200).header("X-Total-Count", "0");
    }

    @Test
    void aManualRetryIsTakenOverByTheNextAttempt() throws Exception {
        String flowId = TestFlows.createGromit();
        String requestId = ExecutionRecords.requestId();
        String id = ExecutionIds.of(flowId, requestId);
        ExecutionRecords.send(flowId, attempt(requestId, flowId, "demo", "failed", 1));
        ExecutionRecords.sendMarkerAndAwait(flowId);
        // What the manual retry does to the run log: retrying, due now, on the same attempt.
        try (Connection connection = dataSource.getConnection();
             PreparedStatement retry = connection.prepareStatement(
                     "UPDATE execution SET status = 'retrying', next_attempt_at = now() WHERE id = ? AND status = 'failed'")) {
            retry.setString(1, id);
            assertThat(retry.executeUpdate()).isEqualTo(1);
        }

        // a redelivered final of attempt 1 does not undo the retry
        ExecutionRecords.send(flowId, attempt(requestId, flowId, "demo", "failed", 1));
        ExecutionRecords.sendMarkerAndAwait(flowId);
        given().when().get("/api/v1/executions/" + id)
                .then().statusCode(200).body("status", equalTo("retrying")).body("attempts", equalTo(1))
                .body("nextAttemptAt", notNullValue());

        ExecutionRecords.send(flowId, attempt(requestId, flowId, "demo", "running", 2));
        ExecutionRecords.sendMarkerAndAwait(flowId);
        given().when().get("/api/v1/executions/" + id)
                .then().statusCode(200).body("status", equalTo("running")).body("attempts", equalTo(2))
                .body("nextAttemptAt", nullValue()).body("attemptHistory.size()", equalTo(2));

        ExecutionRecords.send(flowId, attempt(requestId, flowId, "demo", "succeeded", 2));
        ExecutionRecords.sendMarkerAndAwait(flowId);
        given().when().get("/api/v1/executions/" + id)
                .then().statusCode(200)
                .body("status", equalTo("succeeded"))
                .body("attempts", equalTo(2))
                .body("error", nullValue())
                .body("steps[1].output.attempt", equalTo(2))
                .body("attemptHistory[0].status", equalTo("failed"))
                .body("attemptHistory[0].error", equalTo("Attempt 1 failed"))
                .body("attemptHistory[1].status", equalTo("succeeded"));
    }

    private static String detail(String flowId, String requestId) {
        return given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, requestId))
                .then().statusCode(200).extract().asString();
    }
}
