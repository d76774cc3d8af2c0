package io.hookflow.flow.service;

/**
 * The log-scale buckets of the stats' duration histogram: bucket i counts durations in (1.1^(i-1), 1.1^i] ms, so a
 * percentile read from it is within 5 % (plus 1 ms) of the true value. Bucket 0 holds everything up to 1 ms and the
 * last one everything above 1.1^238 ms (about 82 days), which no execution in the run log's retention reaches.
 */
public final class DurationHistogram {

    /** How many buckets there are; the same cap as migration V8's backfill. */
    public static final int BUCKETS = 240;

    private static final double LOG_BASE = Math.log(1.1);

    private DurationHistogram() {
    }

    /** The bucket of a duration in milliseconds; a negative one (clocks apart) counts as 0. */
    public static int bucket(long durationMs) {
        if (durationMs <= 1) {
            return 0;
        }
        return (int) Math.min(BUCKETS - 1, Math.ceil(Math.log(durationMs) / LOG_BASE));
    }

    /** The duration a bucket stands for, in whole milliseconds: its geometric middle, 1.1^(i-0.5). */
    public static long value(int bucket) {
        return Math.round(Math.pow(1.1, bucket - 0.5));
    }

    /**
     * The nearest-rank percentile ({@code percent} 50 for p50) of a histogram given as counts per bucket, or null when
     * it is empty.
     */
    public static Long percentile(long[] counts, int percent) {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        if (total <= 0) {
            return null;
        }
        long rank = Math.max(1, (percent * total + 99) / 100);
        long seen = 0;
        for (int bucket = 0; bucket < counts.length; bucket++) {
            seen += counts[bucket];
            if (seen >= rank) {
                return value(bucket);
            }
        }
        return value(counts.length - 1);
    }
}
