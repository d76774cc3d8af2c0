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
import java.time.temporal.ChronoUnit;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** A flow's execution list filtered by status and by the time each webhook was received. */
@QuarkusTest
@TestProfile(PlatformTestProfile.class)
@TestSecurity(user = "demo", roles = {"flows.read", "flows.write", "executions.read"})
@OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
class ExecutionListFilterTest {

    @Test
    void filtersExecutionsByStatusAndReceivedTime() {
        String flowId = TestFlows.createGromit();
        Instant t0 = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String failedEarly = send(flowId, "failed", t0);
        String succeededEarly = send(flowId, "succeeded", t0.plusSeconds(60));
        String retrying = send(flowId, "retrying", t0.plusSeconds(120));
        String succeededLate = send(flowId, "succeeded", t0.plusSeconds(180));
        String running = send(flowId, "running", t0.plusSeconds(240));
        ExecutionRecords.awaitStored(flowId, running);
        String list = "/api/v1/flows/" + flowId + "/executions";

        given().when().get(list + "?status=succeeded")
                .then().statusCode(200).header("X-Total-Count", "2")
                .body("requestId", equalTo(List.of(succeededLate, succeededEarly)));
        given().when().get(list + "?status=retrying")
                .then().statusCode(200).header("X-Total-Count", "1").body("requestId", equalTo(List.of(retrying)));
        // from is inclusive, to exclusive
        given().when().get(list + "?from=" + t0.plusSeconds(60) + "&to=" + t0.plusSeconds(180))
                .then().statusCode(200).header("X-Total-Count", "2")
                .body("requestId", equalTo(List.of(retrying, succeededEarly)));
        given().when().get(list + "?from=" + t0.plusSeconds(60) + "&to=" + t0.plusSeconds(240) + "&status=succeeded")
                .then().statusCode(200).header("X-Total-Count", "2")
                .body("requestId", equalTo(List.of(succeededLate, succeededEarly)));
        given().when().get(list + "?to=" + t0.plusSeconds(1))
                .then().statusCode(200).header("X-Total-Count", "1").body("requestId", equalTo(List.of(failedEarly)));
        given().when().get(list + "?from=" + t0.plusSeconds(240))
                .then().statusCode(200).header("X-Total-Count", "1").body("requestId", equalTo(List.of(running)));
        given().when().get(list + "?from=" + t0.plusSeconds(60) + "&size=1&page=1")
                .then().statusCode(200).header("X-Total-Count", "4").body("requestId", equalTo(List.of(succeededLate)));
        given().when().get(list + "?from=" + t0 + "&to=" + t0)
                .then().statusCode(200).header("X-Total-Count", "0").body("size()", equalTo(0));
        // an offset other than Z is the same instant
        given().when().queryParam("from", t0.atOffset(java.time.ZoneOffset.ofHours(2)).toString())
                .get(list).then().statusCode(200).header("X-Total-Count", "5");
    }

    @Test
    void rejectsBadFiltersNamingTheParameter() {
        String list = "/api/v1/flows/" + TestFlows.createGromit() + "/executions";

        given().when().get(list + "?status=done")
                .then().statusCode(400).body("error", equalTo("status must be one of running, retrying, succeeded, failed"));
        given().when().get(list + "?from=yesterday")
                .then().statusCode(400)
                .body("error", equalTo("from must be an ISO-8601 instant such as 2026-11-28T20:40:03Z"));
        given().when().get(list + "?to=2026-11-28")
                .then().statusCode(400)
                .body("error", equalTo("to must be an ISO-8601 instant such as 2026-11-28T20:40:03Z"));
        given().when().get(list + "?from=2026-11-28T20:40:04Z&to=2026-11-28T20:40:03Z")
                .then().statusCode(400).body("error", equalTo("from must not be after to"));
        given().when().get(list + "?to=+20000-01-01T00:00:00Z")
                .then().statusCode(400).body("error", equalTo("to must be an instant between years 1 and 9999"));
    }

    private static String send(String flowId, String status, Instant receivedAt) {
        String requestId = ExecutionRecords.requestId();
        ExecutionRecords.send(flowId, ExecutionRecords.record(requestId, flowId, status, receivedAt));
        return requestId;
    }
}
