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
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.hookflow.flow.support.ExecutionRecords.attempt;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** An execution is {@code <flowId>-<requestId>} and belongs to one flow and one workspace for good. */
@QuarkusTest
@TestProfile(PlatformTestProfile.class)
@TestSecurity(user = "demo", roles = {"flows.read", "flows.write", "executions.read"})
@OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
class ExecutionIdentityTest {

    /** A flow of the workspace {@code other}; executions do not need their flow to exist. */
    private static final String OTHER_FLOW = "0ther0ther0ther0ther0the";

    @Inject
    DataSource dataSource;

    @Test
    void theSameRequestIdOnTwoFlowsInTwoWorkspacesMakesTwoExecutions() throws Exception {
        String flowId = TestFlows.createGromit();
        String requestId = ExecutionRecords.requestId();
        ExecutionRecords.send(flowId, attempt(requestId, flowId, "demo", "succeeded", 1));
        ExecutionRecords.send(OTHER_FLOW, attempt(requestId, OTHER_FLOW, "other", "failed", 1));
        ExecutionRecords.awaitStored(flowId, requestId);
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(requestId).size() == 2);

        assertThat(rows(requestId)).containsExactlyInAnyOrder(
                flowId + "-" + requestId + " " + flowId + " demo succeeded",
                OTHER_FLOW + "-" + requestId + " " + OTHER_FLOW + " other failed");
        given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, requestId))
                .then().statusCode(200).body("requestId", equalTo(requestId)).body("status", equalTo("succeeded"));
        given().when().get("/api/v1/executions/" + ExecutionIds.of(OTHER_FLOW, requestId)).then().statusCode(404);
        given().when().get("/api/v1/flows/" + flowId + "/executions")
                .then().statusCode(200).header("X-Total-Count", "1")
                .body("[0].id", equalTo(flowId + "-" + requestId)).body("[0].requestId", equalTo(requestId));
    }

    @Test
    void aRecordClaimingAnotherFlowsExecutionChangesNothing() throws Exception {
        String flowId = TestFlows.createGromit();
        String requestId = ExecutionRecords.requestId();
        String id = ExecutionIds.of(flowId, requestId);
        ExecutionRecords.send(flowId, attempt(requestId, flowId, "demo", "running", 1));
        ExecutionRecords.sendMarkerAndAwait(flowId);
        String before = given().when().get("/api/v1/executions/" + id).then().statusCode(200).extract().asString();

        // the execution's id, another flow and workspace, a later attempt: would apply to an execution of its own
        String claim = attempt(requestId, flowId, "demo", "failed", 2)
                .replace("\"flowId\":\"" + flowId + "\",\"workspace\":\"demo\"",
                        "\"flowId\":\"" + OTHER_FLOW + "\",\"workspace\":\"other\"");
        assertThat(claim).contains("\"executionId\":\"" + id + "\"", "\"workspace\":\"other\"");
        ExecutionRecords.send(flowId, claim);
        ExecutionRecords.send(flowId, claim.replace("\"workspace\":\"other\"", "\"workspace\":\"demo\""));
        ExecutionRecords.sendMarkerAndAwait(flowId);

        assertThat(given().when().get("/api/v1/executions/" + id).then().statusCode(200).extract().asString())
                .isEqualTo(before);
        assertThat(rows(requestId)).containsExactly(id + " " + flowId + " demo running");
    }

    @Test
    void derivesTheIdOfARecordWithoutExecutionId() {
        String flowId = TestFlows.createGromit();
        String requestId = ExecutionRecords.requestId();
        String legacy = attempt(requestId, flowId, "demo", "succeeded", 1)
                .replace("\"executionId\":\"" + ExecutionIds.of(flowId, requestId) + "\",", "");
        assertThat(legacy).doesNotContain("executionId");
        ExecutionRecords.send(flowId, legacy);

        ExecutionRecords.awaitStored(flowId, requestId);
        given().when().get("/api/v1/executions/" + flowId + "-" + requestId)
                .then().statusCode(200).body("requestId", equalTo(requestId)).body("status", equalTo("succeeded"));
    }

    /** "id flowId workspace status" of each execution row of the requestId. */
    private List<String> rows(String requestId) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT id, flow_id, workspace, status FROM execution WHERE request_id = ?")) {
            query.setString(1, requestId);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getString(1) + " " + result.getString(2) + " " + result.getString(3) + " "
                            + result.getString(4));
                }
            }
        }
        return rows;
    }
}
