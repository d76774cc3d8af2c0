package io.hookflow.executor.service;

import io.hookflow.executor.ExecutionStatus;
import io.hookflow.executor.config.ExecutorConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The executor's own execution metrics (docs/metrics.md): executions by final status and their duration, retries
 * scheduled, manual retries, dead letters by reason, and per component and function the duration of each step and of
 * each connector call. Meters are registered up front where their labels are known, else once per component and
 * function ({@link StepMeters}, looked up once per step), so that recording looks nothing up by name.
 *
 * <p>Labels stay bounded: a component is one of the configured connectors (else {@code unknown}), and at most
 * {@value #MAX_FUNCTIONS} component/function pairs get meters of their own; the rest share {@code other}.
 */
@Startup
@ApplicationScoped
public class ExecutionMetrics {

    static final int MAX_FUNCTIONS = 100;
    /**
     * The histogram buckets of the step, connector-call and Kafka-write timers: 13 fixed bounds rather than
     * Micrometer's ~70 percentile buckets, as these timers multiply by component, function and outcome;
     * {@code histogram_quantile} interpolates between them.
     */
    public static final Duration[] BUCKETS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000,
            60000).map(Duration::ofMillis).toArray(Duration[]::new);
    private static final ExecutionStatus[] FINAL = {ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED};
    private static final ExecutionStatus[] STEP_OUTCOMES =
            {ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED, ExecutionStatus.RETRYING};

    /** How a connector call ended: the {@code outcome} label of {@code hookflow_connector_call_duration_seconds}. */
    public enum CallOutcome {
        /** 2xx with an output. */
        SUCCESS,
        /** A 4xx (other than 408 and 429): the input or credential is wrong. */
        REJECTED,
        /** A 5xx, 408, 429, a timeout, no connection or a broken answer: tried again later. */
        UNAVAILABLE;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Set<String> components;
    private final Counter retried;
    private final Counter manualRetries;
    private final Map<ExecutionStatus, Counter> executions = new EnumMap<>(ExecutionStatus.class);
    private final Map<ExecutionStatus, Timer> durations = new EnumMap<>(ExecutionStatus.class);
    private final Map<DeadLetterReason, Counter> deadLetters = new EnumMap<>(DeadLetterReason.class);
    private final Map<StepKey, StepMeters> steps = new ConcurrentHashMap<>();

    ExecutionMetrics(MeterRegistry registry, ExecutorConfig config) {
        this.registry = registry;
        this.components = Set.copyOf(config.connectors().keySet());
        this.retried = Counter.builder("hookflow.execution.retries")
                .description("Attempts that failed for a passing reason and were scheduled for another")
                .register(registry);
        this.manualRetries = Counter.builder("hookflow.execution.manual.retries")
                .description("Attempts an operator asked for (a retry of a failed execution) that were started")
                .register(registry);
        // registered at startup so dashboards show 0 rather than no series
        for (ExecutionStatus status : FINAL) {
            executions.put(status, Counter.builder("hookflow.executions")
                    .description("Executions finished, by final status")
                    .tag("status", status.value())
                    .register(registry));
            durations.put(status, Timer.builder("hookflow.execution.duration")
                    .description("Time from taking a webhook event to writing its final execution record")
                    .tag("status", status.value())
                    .register(registry));
        }
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLetters.put(reason, Counter.builder("hookflow.dead.letters")
                    .description("Events written to webhook.received.dlq, by why they could not be run")
                    .tag("reason", reason.label())
                    .register(registry));
        }
    }

    /** Counts one attempt that failed for a passing reason and was scheduled for another. */
    public void retrying() {
        retried.increment();
    }

    /** Counts one attempt an operator asked for. */
    public void manualRetry() {
        manualRetries.increment();
    }

    /** Counts one finished execution and how long it took. */
    public void finished(ExecutionStatus status, Duration duration) {
        executions.get(status).increment();
        durations.get(status).record(duration);
    }

    /** Counts one event written to the dead-letter topic. */
    public void deadLettered(DeadLetterReason reason) {
        deadLetters.get(reason).increment();
    }

    /** The meters of the steps that call {@code function} of {@code component}. */
    public StepMeters step(String component, String function) {
        StepKey key = new StepKey(component, function);
        StepMeters meters = steps.get(key);
        if (meters != null) {
            return meters;
        }
        String componentLabel = component != null && components.contains(component) ? component : "unknown";
        String functionLabel = function == null || function.isBlank() ? "unknown" : function;
        if (steps.size() >= MAX_FUNCTIONS) {
            key = new StepKey("\0other", "\0other");
            componentLabel = "other";
            functionLabel = "other";
        }
        String c = componentLabel;
        String f = functionLabel;
        return steps.computeIfAbsent(key, k -> new StepMeters(registry, c, f));
    }

    private record StepKey(String component, String function) {
    }

    /** The step and connector-call timers of one component and function, by outcome. */
    public static final class StepMeters {

        private final Timer[] steps = new Timer[ExecutionStatus.values().length];
        private final Timer[] calls = new Timer[CallOutcome.values().length];

        StepMeters(MeterRegistry registry, String component, String function) {
            for (ExecutionStatus outcome : STEP_OUTCOMES) {
                steps[outcome.ordinal()] = Timer.builder("hookflow.step.duration")
                        .description("Time one action step took: mapping, credential, connector call")
                        .tag("component", component)
                        .tag("function", function)
                        .tag("outcome", outcome.value())
                        .serviceLevelObjectives(BUCKETS)
                        .register(registry);
            }
            for (CallOutcome outcome : CallOutcome.values()) {
                calls[outcome.ordinal()] = Timer.builder("hookflow.connector.call.duration")
                        .description("Time one connector call took, from sending to its answer or failure")
                        .tag("component", component)
                        .tag("function", function)
                        .tag("outcome", outcome.label())
                        .serviceLevelObjectives(BUCKETS)
                        .register(registry);
            }
        }

        /** Records a step that ended {@code outcome} (succeeded, failed or retrying), started at {@code startNanos}. */
        public void step(ExecutionStatus outcome, long startNanos) {
            steps[outcome.ordinal()].record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        }

        /** Records a connector call that ended {@code outcome}, started at {@code startNanos}. */
        public void call(CallOutcome outcome, long startNanos) {
            calls[outcome.ordinal()].record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        }
    }
}
