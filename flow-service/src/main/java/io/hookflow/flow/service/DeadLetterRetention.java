package io.hookflow.flow.service;

import io.hookflow.flow.config.FlowConfig;
import io.hookflow.flow.repository.DeadLetterRepository;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * Deletes dead letters that died longer ago than {@code flow.execution-retention}, on the executions' schedule and
 * in batches of the same size, each in its own short transaction: a letter goes with the executions of its time.
 */
@ApplicationScoped
public class DeadLetterRetention {

    private final DeadLetterRepository deadLetters;
    private final FlowConfig config;

    public DeadLetterRetention(DeadLetterRepository deadLetters, FlowConfig config) {
        this.deadLetters = deadLetters;
        this.config = config;
    }

    @Scheduled(identity = "dead-letter-retention", every = "${flow.execution-retention-interval:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        purge();
    }

    /** Deletes what the configured retention has expired, and answers how many letters. */
    public int purge() {
        return purgeDeadBefore(Instant.now().minus(config.executionRetention()), config.executionRetentionBatchSize());
    }

    /** Deletes the letters that died before the cutoff, {@code batchSize} per transaction, until none is left. */
    public int purgeDeadBefore(Instant cutoff, int batchSize) {
        int total = 0;
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> deadLetters.deleteDeadBefore(cutoff, batchSize));
            total += deleted;
        } while (deleted == batchSize);
        if (total > 0) {
            Log.infof("Deleted %d dead letters that died before %s", total, cutoff);
        }
        return total;
    }
}
