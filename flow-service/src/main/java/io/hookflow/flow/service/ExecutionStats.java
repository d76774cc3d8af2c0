package io.hookflow.flow.service;

import io.hookflow.flow.ExecutionStatus;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Collection;

/**
 * The per-flow, per-minute rollup behind {@code GET /api/v1/flows/{id}/stats}, kept up to date in the same
 * transaction as the run log. STUB: the interface the record path and the retry path call; the rollup is being built.
 */
@ApplicationScoped
public class ExecutionStats {

    /**
     * A change of one stored execution: {@code oldStatus} (and {@code oldDurationMs}) null when the execution is new;
     * {@code receivedAt} never changes, so the change stays in the execution's minute.
     */
    public record Change(String flowId, Instant receivedAt, ExecutionStatus oldStatus, Long oldDurationMs,
                         ExecutionStatus newStatus, Long newDurationMs) {
    }

    /** Applies the changes to the rollup in the caller's transaction. */
    public void apply(Collection<Change> changes) {
    }
}
