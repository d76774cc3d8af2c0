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
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Paging of the three lists (flows, a flow's versions, a flow's executions): bounds, order, X-Total-Count. */
@QuarkusTest
@TestProfile(PlatformTestProfile.class)
@TestSecurity(user = "demo", roles = {"flows.read", "flows.write", "flows.control", "executions.read"})
@OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
class ListPagingTest {

    @Test
    void pagesFlowsNewestFirstAndAnswersAnEmptyPageBeyondTheEnd() {
        String older = TestFlows.createGromit();
        String newer = TestFlows.createGromit();

        given().when().get("/api/v1/flows?page=0&size=2")
                .then().statusCode(200).body("id", equalTo(List.of(newer, older)));
        given().when().get("/api/v1/flows?page=1&size=1")
                .then().statusCode(200).body("[0].id", equalTo(older));
        long total = Long.parseLong(given().when().get("/api/v1/flows")
                .then().statusCode(200).extract().header("X-Total-Count"));
        assertThat(total).isGreaterThanOrEqualTo(2);

        given().when().get("/api/v1/flows?page=" + total + "&size=1")
                .then().statusCode(200).header("X-Total-Count", String.valueOf(total)).body("size()", equalTo(0));
        given().when().get("/api/v1/flows?page=" + (total - 1) + "&size=1")
                .then().statusCode(200).body("size()", equalTo(1));
    }

    @Test
    void pagesVersionsNewestFirstWithTotalCount() {
        String id = TestFlows.createGromit();
        for (int i = 0; i < 3; i++) {
            given().when().post("/api/v1/flows/" + id + "/publish").then().statusCode(201);
        }

        given().when().get("/api/v1/flows/" + id + "/versions")
                .then().statusCode(200).header("X-Total-Count", "3").body("version", equalTo(List.of(3, 2, 1)));
        given().when().get("/api/v1/flows/" + id + "/versions?page=0&size=2")
                .then().statusCode(200).header("X-Total-Count", "3").body("version", equalTo(List.of(3, 2)));
        given().when().get("/api/v1/flows/" + id + "/versions?page=1&size=2")
                .then().statusCode(200).header("X-Total-Count", "3").body("version", equalTo(List.of(1)));
        given().when().get("/api/v1/flows/" + id + "/versions?page=2&size=2")
                .then().statusCode(200).header("X-Total-Count", "3").body("size()", equalTo(0));
        given().when().get("/api/v1/flows/" + TestFlows.newCredentialId() + "/versions?page=0")
                .then().statusCode(404);
    }

    @Test
    void pagesExecutionsNewestFirstWithTotalCount() {
        String flowId = TestFlows.createGromit();
        Instant start = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        List<String> oldestFirst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String requestId = ExecutionRecords.requestId();
            oldestFirst.add(requestId);
            ExecutionRecords.send(flowId, ExecutionRecords.record(requestId, flowId, "succeeded", start.plusSeconds(i)));
        }
        // One partition per flow: the last one stored means all were.
        ExecutionRecords.awaitStored(flowId, oldestFirst.get(4));

        String list = "/api/v1/flows/" + flowId + "/executions";
        given().when().get(list + "?size=2")
                .then().statusCode(200).header("X-Total-Count", "5")
                .body("requestId", equalTo(List.of(oldestFirst.get(4), oldestFirst.get(3))));
        given().when().get(list + "?page=2&size=2")
                .then().statusCode(200).header("X-Total-Count", "5").body("requestId", equalTo(List.of(oldestFirst.get(0))));
        given().when().get(list + "?page=3&size=2")
                .then().statusCode(200).header("X-Total-Count", "5").body("size()", equalTo(0));
        given().when().get(list + "?page=2147483647&size=100")
                .then().statusCode(200).header("X-Total-Count", "5").body("size()", equalTo(0));
    }

    @Test
    void answersAnEmptyPageForTheLargestPageNumberOnEveryList() {
        String id = TestFlows.createGromit();
        given().when().post("/api/v1/flows/" + id + "/publish").then().statusCode(201);

        for (String list : lists(id)) {
            for (String size : List.of("", "&size=1", "&size=100")) {
                given().when().get(list + "?page=2147483647" + size)
                        .then().statusCode(200).body("size()", equalTo(0)).header("X-Total-Count", org.hamcrest.Matchers.notNullValue());
            }
        }
        given().when().get("/api/v1/flows/" + id + "/versions?page=2147483647")
                .then().header("X-Total-Count", "1");
    }

    @Test
    void rejectsBadPagingParametersOnEveryListNamingTheParameter() {
        String id = TestFlows.createGromit();
        for (String list : lists(id)) {
            given().when().get(list + "?page=-1")
                    .then().statusCode(400).body("error", equalTo("page must be 0 or more"));
            given().when().get(list + "?page=abc")
                    .then().statusCode(400).body("error", startsWith("page must be a whole number"));
            given().when().get(list + "?page=2147483648")
                    .then().statusCode(400).body("error", startsWith("page must be a whole number"));
            for (String size : List.of("0", "-1", "101")) {
                given().when().get(list + "?size=" + size)
                        .then().statusCode(400).body("error", equalTo("size must be between 1 and 100"));
            }
            given().when().get(list + "?size=ten")
                    .then().statusCode(400).body("error", startsWith("size must be a whole number"));
        }
    }

    private static List<String> lists(String flowId) {
        return List.of("/api/v1/flows", "/api/v1/flows/" + flowId + "/versions", "/api/v1/flows/" + flowId + "/executions");
    }
}
