package io.hookflow.ingress;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.hookflow.ingress.service.FlowRegistry;
import io.hookflow.ingress.service.InFlightBodies;
import io.hookflow.testsupport.PrometheusScrape;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Kafka cannot be reached (bootstrap points at a closed port): a webhook for an active flow must answer 503 with
 * Retry-After, never 200, and readiness must be down. The flow is put into the registry directly because
 * flow.changed cannot be read either.
 */
@QuarkusTest
@TestProfile(KafkaUnavailableTest.BrokerDown.class)
@WithTestResource(CredentialServiceStub.class)
class KafkaUnavailableTest {

    /** Points Kafka at a port nobody listens on, with short producer timeouts. */
    public static class BrokerDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kafka.bootstrap.servers", "127.0.0.1:" + closedPort(),
                    "mp.messaging.outgoing.webhook-received.max.block.ms", "1000",
                    "mp.messaging.outgoing.webhook-received.request.timeout.ms", "1000",
                    "mp.messaging.outgoing.webhook-received.delivery.timeout.ms", "1500",
                    "ingress.publish-timeout", "3s");
        }
    }

    private static final String FLOW = "dead00000000000000000001";
    private static final String CREDENTIAL = "dead000000000000000000c1";

    @Inject
    FlowRegistry registry;

    @Inject
    InFlightBodies bodies;

    @Test
    void answers503WithRetryAfterWhenKafkaDoesNotAcknowledge() {
        CredentialServiceStub.put(CREDENTIAL, "demo", "webhook-noauth", "{}");
        registry.put(new FlowState(FLOW, "demo", "active", 1, "step_1", CREDENTIAL,
                JsonNodeFactory.instance.objectNode()));

        double before = PrometheusScrape.now().value("hookflow_webhooks_received_total",
                "reason", "broker_unavailable");
        given().contentType(ContentType.JSON).body("{\"petname\":\"Gromit\"}")
                .when().post("/hook/" + FLOW)
                .then().statusCode(503)
                .header("Retry-After", "5")
                .contentType(ContentType.JSON)
                .body("error", equalTo("The webhook could not be stored, please retry later"));
        // The body's bytes are given back once the producer gave up on the event, not kept as if still in flight.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(bodies.bytes()).isZero());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(PrometheusScrape.now()
                .value("hookflow_webhooks_received_total", "outcome", "unavailable", "reason", "broker_unavailable",
                        "status", "503")).isEqualTo(before + 1));
    }

    @Test
    void readinessIsDownWithoutKafka() {
        given().when().get("/q/health/ready").then().statusCode(503).body(containsString("DOWN"));
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
