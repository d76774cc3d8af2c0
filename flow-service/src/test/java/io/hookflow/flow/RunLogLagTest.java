package io.hookflow.flow;

import io.hookflow.flow.support.ExecutionRecords;
import io.hookflow.flow.support.PlatformTestProfile;
import io.hookflow.flow.support.TestFlows;
import io.hookflow.testsupport.PrometheusScrape;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code hookflow_consumer_lag_records{group="flow-service",topic="execution.recorded",partition}} shows the records
 * the run-log consumer has not read, per partition it owns, and goes back to 0 once it read them.
 */
@QuarkusTest
@TestProfile(PlatformTestProfile.class)
@TestSecurity(user = "demo", roles = {"flows.read", "flows.write", "executions.read"})
@OidcSecurity(claims = @Claim(key = "workspace", value = "demo"))
class RunLogLagTest {

    private static final String LAG = "hookflow_consumer_lag_records";

    @Inject
    KafkaClientService clients;

    @Test
    void showsTheRecordsTheRunLogConsumerHasNotReadYet() {
        String flowId = TestFlows.createGromit();
        ExecutionRecords.sendMarkerAndAwait(flowId);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            PrometheusScrape scrape = PrometheusScrape.now();
            assertThat(scrape.has(LAG, "group", "flow-service", "topic", "execution.recorded")).isTrue();
            assertThat(scrape.value(LAG, "group", "flow-service")).isZero();
        });
        assertThat(PrometheusScrape.now().text()).doesNotContain("flowId=").doesNotContain(flowId);

        KafkaConsumer<Object, Object> consumer = clients.getConsumer("execution-recorded");
        consumer.pause().await().atMost(Duration.ofSeconds(10));
        List<String> requests = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                String requestId = ExecutionRecords.requestId();
                requests.add(requestId);
                ExecutionRecords.send(flowId, ExecutionRecords.record(requestId, flowId, "succeeded", Instant.now()));
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(PrometheusScrape.now().value(LAG, "group", "flow-service", "topic", "execution.recorded"))
                            .isGreaterThanOrEqualTo(5));
        } finally {
            consumer.resume().await().atMost(Duration.ofSeconds(10));
        }

        for (String requestId : requests) {
            ExecutionRecords.awaitStored(flowId, requestId);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(PrometheusScrape.now().value(LAG, "group", "flow-service")).isZero());
    }
}
