package io.hookflow.flow;

import io.hookflow.flow.config.FlowConfig;
import io.hookflow.flow.service.ExecutionRetention;
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

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Executions older than flow.execution-retention are deleted by the background job, a batch per transaction. */
@QuarkusTest
@TestProfile(PlatformTestProfile.class)
@TestSecurity(user = "demo", roles = {"flows.read", "flows.write", "executions.read"})
@OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
class ExecutionRetentionTest {

    @Inject
    ExecutionRetention retention;

    @Inject
    FlowConfig config;

    @Test
    void keepsExecutionsThirtyDaysByDefault() {
        assertThat(config.executionRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(config.executionRetentionBatchSize()).isEqualTo(1000);
    }

    @Test
    void deletesOnlyExecutionsReceivedBeforeTheRetentionInBatches() {
        String flowId = TestFlows.createGromit();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> expired = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expired.add(send(flowId, now.minus(31 + i, ChronoUnit.DAYS)));
        }
        String recent = send(flowId, now.minus(29, ChronoUnit.DAYS));
        String fresh = send(flowId, now.minus(1, ChronoUnit.HOURS));
        ExecutionRecords.awaitStored(flowId, fresh); // one partition per flow: the others are stored too
        given().when().get("/api/v1/flows/" + flowId + "/executions").then().header("X-Total-Count", "7");

        ExecutionRetention.Purge purge = retention.purgeReceivedBefore(now.minus(30, ChronoUnit.DAYS), 2);

        // Other tests' executions may have expired too: these five at least, never more than 2 per transaction.
        assertThat(purge.deleted()).isGreaterThanOrEqualTo(5);
        assertThat(purge.batches()).hasSizeGreaterThanOrEqualTo(3).allSatisfy(rows -> assertThat(rows).isBetween(1, 2));
        for (String requestId : expired) {
            given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, requestId)).then().statusCode(404);
        }
        given().when().get("/api/v1/flows/" + flowId + "/executions")
                .then().statusCode(200).header("X-Total-Count", "2")
                .body("requestId", equalTo(List.of(fresh, recent)));
        assertThat(retention.purgeReceivedBefore(now.minus(30, ChronoUnit.DAYS), 2).deleted()).isZero();
    }

    @Test
    void theConfiguredRunKeepsWhatIsYoungerThanTheRetention() {
        String flowId = TestFlows.createGromit();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String expired = send(flowId, now.minus(config.executionRetention()).minus(1, ChronoUnit.HOURS));
        String kept = send(flowId, now.minus(config.executionRetention()).plus(1, ChronoUnit.HOURS));
        ExecutionRecords.awaitStored(flowId, kept);

        assertThat(retention.purge().deleted()).isGreaterThanOrEqualTo(1);

        given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, expired)).then().statusCode(404);
        given().when().get("/api/v1/executions/" + ExecutionIds.of(flowId, kept)).then().statusCode(200);
    }

    private static String send(String flowId, Instant receivedAt) {
        String requestId = ExecutionRecords.requestId();
        ExecutionRecords.send(flowId, ExecutionRecords.record(requestId, flowId, "succeeded", receivedAt));
        return requestId;
    }
}
