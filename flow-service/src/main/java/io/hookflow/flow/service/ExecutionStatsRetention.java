package io.hookflow.flow.service;

import io.hookflow.flow.config.FlowConfig;
import io.hookflow.flow.repository.ExecutionStatsRepository;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;

/**
 * Deletes stats rollup rows of minutes older than {@code flow.stats-retention} (at least the run log's own
 * retention), every {@code flow.stats-retention-interval}, {@code flow.stats-retention-batch-size} rows per short
 * transaction, so that the run log's writers never wait long for it.
 */
@ApplicationScoped
public class ExecutionStatsRetention {

    private final ExecutionStatsRepository rollup;
    private final FlowConfig config;

    public ExecutionStatsRetention(ExecutionStatsRepository rollup, FlowConfig config) {
        this.rollup = rollup;
        this.config = config;
    }

    @Scheduled(identity = "execution-stats-retention", every = "${flow.stats-retention-interval:1h}", delayed = "5m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        purge();
    }

    /** Deletes what the configured retention has expired and answers how many rows. */
    public int purge() {
        // A retry of an execution still in the run log moves it between statuses of its minute: that row must exist.
        Duration retention = config.statsRetention().compareTo(config.executionRetention()) < 0
                ? config.executionRetention() : config.statsRetention();
        return purgeBefore(Instant.now().minus(retention), config.statsRetentionBatchSize());
    }

    /** Deletes the rows of minutes before the cutoff, {@code batchSize} per transaction, until none is left. */
    public int purgeBefore(Instant cutoff, int batchSize) {
        int total = 0;
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> rollup.deleteBefore(cutoff, batchSize));
            total += deleted;
        } while (deleted == batchSize);
        if (total > 0) {
            Log.infof("Deleted %d stats minutes before %s", total, cutoff);
        }
        return total;
    }
}
