package io.hookflow.flow.service;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DurationHistogramTest {

    private static final long THIRTY_DAYS_MS = 30L * 24 * 3600 * 1000;

    @Test
    void bucketICoversDurationsAboveOnePointOneToTheIMinusOneUpToOnePointOneToTheI() {
        assertThat(DurationHistogram.bucket(-5)).isZero();
        assertThat(DurationHistogram.bucket(0)).isZero();
        assertThat(DurationHistogram.bucket(1)).isZero();
        assertThat(DurationHistogram.bucket(2)).isEqualTo(8); // 1.1^7 = 1.95 < 2 <= 1.1^8 = 2.14
        assertThat(DurationHistogram.bucket(1000)).isEqualTo(73); // 1.1^72 = 955.6 < 1000 <= 1.1^73 = 1051.2
        assertThat(DurationHistogram.bucket(1051)).isEqualTo(73);
        assertThat(DurationHistogram.bucket(1052)).isEqualTo(74);
    }

    @Test
    void capsVeryLongDurationsInTheLastBucket() {
        assertThat(DurationHistogram.bucket(THIRTY_DAYS_MS)).isLessThan(DurationHistogram.BUCKETS - 1);
        assertThat(DurationHistogram.bucket(Long.MAX_VALUE)).isEqualTo(DurationHistogram.BUCKETS - 1);
    }

    @Test
    void aBucketsValueIsWithinFivePercentPlusOneMillisecondOfEveryDurationInIt() {
        for (long ms = 1; ms < 50_000_000; ms = ms < 1000 ? ms + 1 : ms * 1001 / 1000) {
            long value = valueOf(ms);
            // plus the rounding to whole milliseconds, which matters only for short durations
            assertThat((double) value).as("%d ms", ms).isCloseTo(ms, within(ms * 0.05 + 1));
        }
    }

    @Test
    void percentilesAreNearestRank() {
        long[] counts = new long[DurationHistogram.BUCKETS];
        counts[DurationHistogram.bucket(100)] = 90;
        counts[DurationHistogram.bucket(2_000)] = 9;
        counts[DurationHistogram.bucket(60_000)] = 1;

        assertThat(DurationHistogram.percentile(counts, 50)).isEqualTo(valueOf(100));
        assertThat(DurationHistogram.percentile(counts, 90)).isEqualTo(valueOf(100));
        assertThat(DurationHistogram.percentile(counts, 95)).isEqualTo(valueOf(2_000));
        assertThat(DurationHistogram.percentile(counts, 99)).isEqualTo(valueOf(2_000));
        counts[DurationHistogram.bucket(100)] = 89;
        assertThat(DurationHistogram.percentile(counts, 99)).isEqualTo(valueOf(60_000));
    }

    private static long valueOf(long durationMs) {
        return DurationHistogram.value(DurationHistogram.bucket(durationMs));
    }

    @Test
    void anEmptyHistogramHasNoPercentile() {
        assertThat(DurationHistogram.percentile(new long[DurationHistogram.BUCKETS], 50)).isNull();
    }
}
