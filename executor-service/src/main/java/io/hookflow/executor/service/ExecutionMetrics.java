package io.hookflow.executor.service;

import io.hookflow.executor.ExecutionStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * The executor's own metrics: {@code hookflow_executions_total{status}},
 * {@code hookflow_execution_duration_seconds{status}} (from taking the event to its final record, per attempt) and
 * {@code hookflow_execution_retries_total}.
 */
@Startup
@ApplicationScoped
public class ExecutionMetrics {

    private final MeterRegistry registry;
    private final Counter retried;

    ExecutionMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.retried = Counter.builder("hookflow.execution.retries")
                .description("Attempts that failed for a passing reason and were parked for another")
                .register(registry);
        // registered at startup so dashboards show 0 rather than no series
        for (ExecutionStatus status : new ExecutionStatus[] {ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED}) {
            counter(status);
            timer(status);
        }
    }

    /** Counts one attempt that failed for a passing reason and was parked for another. */
    public void retrying() {
        retried.increment();
    }

    /** Counts one finished execution and how long it took. */
    public void finished(ExecutionStatus status, Duration duration) {
        counter(status).increment();
        timer(status).record(duration);
    }

    private Counter counter(ExecutionStatus status) {
        return Counter.builder("hookflow.executions")
                .description("Executions finished, by final status")
                .tag("status", status.value())
                .register(registry);
    }

    private Timer timer(ExecutionStatus status) {
        return Timer.builder("hookflow.execution.duration")
                .description("Time from taking a webhook event to writing its final execution record")
                .tag("status", status.value())
                .register(registry);
    }
}
