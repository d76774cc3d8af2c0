package io.hookflow.executor.health;

import io.hookflow.executor.event.ExecutionEventProducer;
import io.hookflow.executor.event.ExecutionIntake;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * DOWN only when the executor cannot recover by itself (a consumer thread ended, a record could not be handled,
 * Kafka has not taken a write for {@code executor.stuck-after}), so that a restart is what helps.
 */
@Liveness
@ApplicationScoped
public class ExecutorLivenessCheck implements HealthCheck {

    private final ExecutionIntake intake;
    private final ExecutionEventProducer producer;

    ExecutorLivenessCheck(ExecutionIntake intake, ExecutionEventProducer producer) {
        this.intake = intake;
        this.producer = producer;
    }

    @Override
    public HealthCheckResponse call() {
        String problem = intake.problem();
        if (problem == null) {
            problem = producer.problem();
        }
        return HealthCheckResponse.named("executions")
                .status(problem == null)
                .withData("problem", problem == null ? "none" : problem)
                .build();
    }
}
