package io.hookflow.ingress.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Ready once the flow registry has read {@code flow.changed} up to where the topic ended when it was first
 * checked; before that a known, active flow could still answer 404. Stays up afterwards (Kafka itself is
 * covered by the messaging and Kafka health checks).
 */
@Readiness
@ApplicationScoped
public class FlowRegistryReadinessCheck implements AsyncHealthCheck {

    private static final String NAME = "flow-registry";
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(2);

    private final KafkaClientService kafka;
    private volatile Map<TopicPartition, Long> targets;
    private volatile boolean caughtUp;

    public FlowRegistryReadinessCheck(KafkaClientService kafka) {
        this.kafka = kafka;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (caughtUp) {
            return Uni.createFrom().item(HealthCheckResponse.up(NAME));
        }
        KafkaConsumer<Object, Object> consumer = kafka.getConsumer("flow-changed");
        if (consumer == null) {
            return Uni.createFrom().item(down("no flow-changed consumer"));
        }
        return consumer.runOnPollingThread(c -> {
                    Set<TopicPartition> assignment = c.assignment();
                    if (assignment.isEmpty()) {
                        return false;
                    }
                    Map<TopicPartition, Long> ends = targets;
                    if (ends == null || !ends.keySet().equals(assignment)) {
                        ends = c.endOffsets(assignment, KAFKA_TIMEOUT);
                        targets = ends;
                    }
                    for (TopicPartition partition : assignment) {
                        if (c.position(partition, KAFKA_TIMEOUT) < ends.get(partition)) {
                            return false;
                        }
                    }
                    return true;
                })
                .ifNoItem().after(Duration.ofSeconds(5)).fail()
                .map(done -> {
                    if (done) {
                        caughtUp = true;
                        return HealthCheckResponse.up(NAME);
                    }
                    return down("reading flow.changed");
                })
                .onFailure().recoverWithItem(failure -> down(failure.getClass().getSimpleName()));
    }

    private static HealthCheckResponse down(String state) {
        return HealthCheckResponse.named(NAME).down().withData("state", state).build();
    }
}
