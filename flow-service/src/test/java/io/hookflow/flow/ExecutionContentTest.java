package io.hookflow.flow;

import io.hookflow.flow.mapping.StorableSteps;
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
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

/** Nothing accepted is skipped because of its content: run data PostgreSQL cannot hold is stored altered, and said so. */
@QuarkusTest
@TestProfile(PlatformTestProfile.class)
@TestSecurity(user = "demo", roles = {"flows.read", "flows.write", "executions.read"})
@OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
class ExecutionContentTest {

    @Inject
    DataSource dataSource;

    @Test
    void storesAndShowsAnExecutionWhoseWebhookBodyHoldsANulCharacter() {
        String flowId = TestFlows.createGromit();
        String requestId = ExecutionRecords.requestId();
        Instant receivedAt = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        String record = ExecutionRecords.record(requestId, flowId, "failed", receivedAt,
                        "{\"petname\":\"Gro\\u0000mit\",\"pet\\u0000status\":\"Sold\"}")
                .replace("\"error\":null,\"steps\"", "\"error\":\"Step step_2 failed on \\u0000\",\"steps\"");
        ExecutionRecords.send(flowId, record);

        ExecutionRecords.awaitStored(flowId, requestId);

        given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, requestId))
                .then().statusCode(200)
                .body("status", equalTo("failed"))
                .body("error", equalTo("Step step_2 failed on \\u0000"))
                .body("steps[0].output.petname", equalTo("Gro\\u0000mit"))
                .body("steps[0].output.keySet()", hasItems("petname", "pet\\u0000status"))
                .body("steps[0].note", equalTo(StorableSteps.ALTERED_NOTE))
                .body("steps[1].output.name", equalTo("Gromit"))
                .body("steps[1].note", nullValue());
        given().when().get("/api/v1/flows/" + flowId + "/executions")
                .then().statusCode(200).header("X-Total-Count", "1")
                .body("[0].requestId", equalTo(requestId)).body("[0].status", equalTo("failed"));
    }

    @Test
    void storesARecordTheDatabaseStillRefusesWithoutItsStepsInputAndOutput() throws Exception {
        String flowId = TestFlows.createGromit();
        String requestId = ExecutionRecords.requestId();
        String after = ExecutionRecords.requestId();
        Instant receivedAt = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        // A refusal no replacement can foresee: a constraint on the run data (SQL state 23514, like any data refusal).
        sql("ALTER TABLE execution_attempt ADD CONSTRAINT refuses_test_content CHECK (steps::text NOT LIKE '%refuse-me%') NOT VALID");
        try {
            ExecutionRecords.send(flowId, ExecutionRecords.record(requestId, flowId, "succeeded", receivedAt,
                    "{\"petname\":\"refuse-me\"}"));
            ExecutionRecords.send(flowId, ExecutionRecords.record(after, flowId, "succeeded", receivedAt.plusSeconds(1)));
            ExecutionRecords.awaitStored(flowId, after);
        } finally {
            sql("ALTER TABLE execution_attempt DROP CONSTRAINT refuses_test_content");
        }

        given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, requestId))
                .then().statusCode(200)
                .body("status", equalTo("succeeded"))
                .body("steps.size()", equalTo(2))
                .body("steps[0].stepId", equalTo("step_1"))
                .body("steps[0].output", nullValue())
                .body("steps[0].note", equalTo(StorableSteps.DROPPED_NOTE))
                .body("steps[1].input", nullValue())
                .body("steps[1].status", equalTo("succeeded"))
                .body("steps[1].note", equalTo(StorableSteps.DROPPED_NOTE));
        given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, after))
                .then().statusCode(200).body("steps[0].output.petname", equalTo("Gromit"));
    }

    @Test
    void storesAMinimalRecordOfARecordTheDatabaseRefusesEvenWithoutItsStepsData() throws Exception {
        String flowId = TestFlows.createGromit();
        String requestId = ExecutionRecords.requestId();
        String after = ExecutionRecords.requestId();
        Instant receivedAt = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        // Refused whatever is left of the steps (their names stay when their data is dropped), and in the error.
        sql("ALTER TABLE execution_attempt ADD CONSTRAINT refuses_test_content CHECK (steps::text || coalesce(error, '') NOT LIKE '%refuse-me%') NOT VALID");
        try {
            ExecutionRecords.send(flowId, ExecutionRecords.record(requestId, flowId, "failed", receivedAt)
                    .replace("\"name\":\"Webhook\"", "\"name\":\"refuse-me\"")
                    .replace("\"error\":null,\"steps\"", "\"error\":\"refuse-me too\",\"steps\""));
            ExecutionRecords.send(flowId, ExecutionRecords.record(after, flowId, "succeeded", receivedAt.plusSeconds(1)));
            ExecutionRecords.awaitStored(flowId, after);
        } finally {
            sql("ALTER TABLE execution_attempt DROP CONSTRAINT refuses_test_content");
        }

        String note = StorableSteps.unstorableNote("23514");
        given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, requestId))
                .then().statusCode(200)
                .body("requestId", equalTo(requestId))
                .body("status", equalTo("failed"))
                .body("attempts", equalTo(1))
                .body("receivedAt", equalTo(receivedAt.toString()))
                .body("finishedAt", equalTo(receivedAt.plusSeconds(1).toString()))
                .body("durationMs", equalTo(1000))
                .body("error", equalTo(note))
                .body("steps.size()", equalTo(0))
                .body("attemptHistory.size()", equalTo(1))
                .body("attemptHistory[0].status", equalTo("failed"))
                .body("attemptHistory[0].error", equalTo(note))
                .body("attemptHistory[0].steps.size()", equalTo(0));
        given().when().get("/api/v1/flows/" + flowId + "/executions?status=failed")
                .then().statusCode(200).header("X-Total-Count", "1").body("[0].requestId", equalTo(requestId));
        given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, after))
                .then().statusCode(200).body("steps[0].output.petname", equalTo("Gromit"));
    }

    private void sql(String statement) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }
}
