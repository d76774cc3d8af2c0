package io.hookflow.flow.service;

import io.hookflow.flow.ExecutionStatus;
import io.hookflow.flow.repository.ExecutionStatsRepository;
import io.hookflow.flow.repository.FlowRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-flow, per-minute rollup behind {@code GET /api/v1/flows/{id}/stats}, kept up to date in the same
 * transaction as the run log, so that the stats of any range are read from a row per minute, never from the run log.
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

    /** A flow's stats over {@code from <= receivedAt < to}: the minutes that have executions, oldest first. */
    public record FlowStats(String flowId, Instant from, Instant to, List<ExecutionStatsRepository.Minute> minutes,
                            Durations durations) {
    }

    /** Percentiles of the finished executions' durations (null when there is none), in milliseconds. */
    public record Durations(long count, Long p50, Long p95, Long p99) {
    }

    private static final Comparator<Key> KEY_ORDER = Comparator.comparing(Key::flowId).thenComparing(Key::minute);

    private final ExecutionStatsRepository rollup;
    private final FlowRepository flows;

    public ExecutionStats(ExecutionStatsRepository rollup, FlowRepository flows) {
        this.rollup = rollup;
        this.flows = flows;
    }

    /**
     * Applies the changes to the rollup in the caller's transaction: summed per flow and minute first, then one
     * batched upsert, rows in (flow, minute) order so that two instances writing the same minutes lock them in the
     * same order.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(Collection<Change> changes) {
        Map<Key, MinuteDelta> deltas = new TreeMap<>(KEY_ORDER);
        for (Change change : changes) {
            MinuteDelta delta = deltas.computeIfAbsent(
                    new Key(change.flowId(), change.receivedAt().truncatedTo(ChronoUnit.MINUTES)),
                    key -> new MinuteDelta());
            delta.add(change.oldStatus(), change.oldDurationMs(), -1);
            delta.add(change.newStatus(), change.newDurationMs(), 1);
        }
        List<ExecutionStatsRepository.Delta> rows = new ArrayList<>(deltas.size());
        deltas.forEach((key, delta) -> {
            if (!delta.isZero()) {
                rows.add(delta.toRow(key));
            }
        });
        rollup.add(rows);
    }

    /**
     * The stats of a flow of the caller's workspace over whole minutes, {@code from <= minute < to}; an unknown flow
     * or another workspace's is not found.
     */
    @Transactional
    public FlowStats read(String workspace, String flowId, Instant from, Instant to) {
        flows.findInWorkspace(workspace, flowId).orElseThrow(() -> ResourceNotFoundException.flow(flowId));
        ExecutionStatsRepository.Range range = rollup.read(flowId, from, to, DurationHistogram.BUCKETS);
        List<ExecutionStatsRepository.Minute> minutes = range.minutes().stream()
                .filter(minute -> minute.running() + minute.retrying() + minute.succeeded() + minute.failed() != 0)
                .toList();
        long[] histogram = range.durations();
        long count = 0;
        for (long bucket : histogram) {
            count += bucket;
        }
        return new FlowStats(flowId, from, to, minutes, new Durations(count,
                DurationHistogram.percentile(histogram, 50), DurationHistogram.percentile(histogram, 95),
                DurationHistogram.percentile(histogram, 99)));
    }

    private record Key(String flowId, Instant minute) {
    }

    /** What one batch changes in one minute; the histogram only over the buckets touched. */
    private static final class MinuteDelta {
        private int running;
        private int retrying;
        private int succeeded;
        private int failed;
        private int[] buckets;
        private int low = Integer.MAX_VALUE;
        private int high = Integer.MIN_VALUE;

        void add(ExecutionStatus status, Long durationMs, int sign) {
            if (status == null) {
                return;
            }
            switch (status) {
                case RUNNING -> running += sign;
                case RETRYING -> retrying += sign;
                case SUCCEEDED -> succeeded += sign;
                case FAILED -> failed += sign;
            }
            if (status.finished() && durationMs != null) {
                if (buckets == null) {
                    buckets = new int[DurationHistogram.BUCKETS];
                }
                int bucket = DurationHistogram.bucket(durationMs);
                buckets[bucket] += sign;
                low = Math.min(low, bucket);
                high = Math.max(high, bucket);
            }
        }

        boolean isZero() {
            return running == 0 && retrying == 0 && succeeded == 0 && failed == 0 && durations().equals("{}");
        }

        ExecutionStatsRepository.Delta toRow(Key key) {
            return new ExecutionStatsRepository.Delta(key.flowId(), key.minute(), running, retrying, succeeded, failed,
                    durations());
        }

        /** The touched buckets without zeros at either end, in PostgreSQL's array form with explicit bounds. */
        private String durations() {
            int from = low;
            int to = high;
            while (from <= to && buckets[from] == 0) {
                from++;
            }
            while (to >= from && buckets[to] == 0) {
                to--;
            }
            if (from > to) {
                return "{}";
            }
            StringBuilder array = new StringBuilder(8 + 4 * (to - from + 1))
                    .append('[').append(from).append(':').append(to).append("]={");
            for (int bucket = from; bucket <= to; bucket++) {
                if (bucket > from) {
                    array.append(',');
                }
                array.append(buckets[bucket]);
            }
            return array.append('}').toString();
        }
    }
}
