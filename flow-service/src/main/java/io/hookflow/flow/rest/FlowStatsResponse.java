package io.hookflow.flow.rest;

import java.time.Instant;
import java.util.List;

/** A flow's stats over the whole minutes {@code from <= minute < to}: counts, durations and a per-minute series. */
public record FlowStatsResponse(
        String flowId,
        Instant from,
        Instant to,
        Counts counts,
        Durations durationMs,
        List<MinuteCounts> series) {

    /** Executions received in the range by their current status; {@code received} is their sum. */
    public record Counts(long received, long running, long retrying, long succeeded, long failed) {
    }

    /** Nearest-rank percentiles of the finished executions' durations, within 5 % (+1 ms); null if none. */
    public record Durations(long count, Long p50, Long p95, Long p99) {
    }

    /** One minute that has executions, the same counts as {@link Counts}. */
    public record MinuteCounts(Instant minute, long received, long running, long retrying, long succeeded,
                               long failed) {
    }
}
