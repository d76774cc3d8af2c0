package io.hookflow.flow.service;

import io.hookflow.flow.config.FlowConfig;
import io.hookflow.flow.repository.ExecutionRepository;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes executions received longer ago than {@code flow.execution-retention}, every
 * {@code flow.execution-retention-interval}, in batches of {@code flow.execution-retention-batch-size} rows, each in
 * its own short transaction so that the run-record writes never wait long for it.
 */
@ApplicationScoped
public class ExecutionRetention {

    /** What one run deleted: the rows of each batch, in order. */
    public record Purge(List<Integer> batches) {
        public int deleted() {
            return batches.stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final ExecutionRepository executions;
    private final FlowConfig config;

    public ExecutionRetention(ExecutionRepository executions, FlowConfig config) {
        this.executions = executions;
        this.config = config;
    }

    @Scheduled(identity = "execution-retention", every = "${flow.execution-retention-interval:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        purge();
    }

    /** Deletes what the configured retention has expired; what the schedule runs, and tests may run themselves. */
    public Purge purge() {
        return purgeReceivedBefore(Instant.now().minus(config.executionRetention()), config.executionRetentionBatchSize());
    }

    /** Deletes the executions received before the cutoff, {@code batchSize} per transaction, until none is left. */
    public Purge purgeReceivedBefore(Instant cutoff, int batchSize) {
        List<Integer> batches = new ArrayList<>();
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> executions.deleteReceivedBefore(cutoff, batchSize));
            if (deleted > 0) {
                batches.add(deleted);
            }
        } while (deleted == batchSize);
        Purge purge = new Purge(batches);
        if (purge.deleted() > 0) {
            Log.infof("Deleted %d executions received before %s (%d transactions)", purge.deleted(), cutoff,
                    batches.size());
        }
        return purge;
    }
}
