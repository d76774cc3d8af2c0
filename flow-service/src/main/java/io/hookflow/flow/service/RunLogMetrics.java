package io.hookflow.flow.service;

import io.hookflow.flow.ExecutionStatus;
import io.hookflow.flow.service.ExecutionService.RecordedExecution;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The run log's business metrics (docs/metrics.md), all registered at startup and counted after the batch's
 * transaction committed:
 * <ul>
 *   <li>{@code hookflow_run_record_write_duration_seconds{outcome}}: writing one poll of {@code execution.recorded}
 *   ({@code written}; {@code refused} when the database refused its content and it is written again one by one;
 *   {@code failed} when the database could not be reached);</li>
 *   <li>{@code hookflow_run_records_total{status}}: the reports written, by the status they reported;</li>
 *   <li>{@code hookflow_execution_end_to_end_seconds{status}}: from a webhook's receipt to its execution's final
 *   state being stored, once per execution that became {@code succeeded} or {@code failed}.</li>
 * </ul>
 */
@Startup
@ApplicationScoped
public class RunLogMetrics {

    /** The same bounds as the executor's histograms, so the two compare bucket by bucket. */
    static final Duration[] BUCKETS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000)
            .map(Duration::ofMillis).toArray(Duration[]::new);

    private final Timer written;
    private final Timer refused;
    private final Timer failed;
    private final Map<ExecutionStatus, Counter> records = new EnumMap<>(ExecutionStatus.class);
    private final Map<ExecutionStatus, Timer> endToEnd = new EnumMap<>(ExecutionStatus.class);

    public RunLogMetrics(MeterRegistry registry) {
        written = writeTimer(registry, "written");
        refused = writeTimer(registry, "refused");
        failed = writeTimer(registry, "failed");
        for (ExecutionStatus status : ExecutionStatus.values()) {
            records.put(status, Counter.builder("hookflow.run.records")
                    .description("execution.recorded reports written to the run log, by the status they reported")
                    .tag("status", status.value())
                    .register(registry));
            if (status.finished()) {
                endToEnd.put(status, Timer.builder("hookflow.execution.end.to.end")
                        .description("From a webhook's receipt to its execution's final state stored in the run log")
                        .tag("status", status.value())
                        .serviceLevelObjectives(BUCKETS)
                        .register(registry));
            }
        }
    }

    private static Timer writeTimer(MeterRegistry registry, String outcome) {
        return Timer.builder("hookflow.run.record.write.duration")
                .description("Writing one poll of execution.recorded to the run log, in one transaction")
                .tag("outcome", outcome)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    /** A batch committed: its reports, and the executions it changed. */
    public void written(long startNanos, Collection<RecordedExecution> reports,
                        Collection<ExecutionStats.Change> changes) {
        written.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        reported(reports, changes);
    }

    /** Reports written one by one after their batch was refused, and the executions they changed. */
    public void reported(Collection<RecordedExecution> reports, Collection<ExecutionStats.Change> changes) {
        for (RecordedExecution report : reports) {
            records.get(report.status()).increment();
        }
        Instant now = Instant.now();
        for (ExecutionStats.Change change : changes) {
            boolean ended = change.newStatus().finished() && (change.oldStatus() == null || !change.oldStatus().finished());
            if (ended && change.receivedAt() != null && !change.receivedAt().isAfter(now)) {
                endToEnd.get(change.newStatus()).record(Duration.between(change.receivedAt(), now));
            }
        }
    }

    /** A batch the database refused for its content (it is then written one report at a time). */
    public void refused(long startNanos) {
        refused.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    /** A batch that could not be written (the database away): it is read again. */
    public void failed(long startNanos) {
        failed.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
