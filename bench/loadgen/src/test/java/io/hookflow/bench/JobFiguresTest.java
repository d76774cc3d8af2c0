package io.hookflow.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class JobFiguresTest {

    @Test
    void lagBoundIsOneSecondPlusFivePercentOfTheRun() {
        assertThat(JobFigures.lagBoundSeconds(Duration.ofSeconds(15))).isCloseTo(1.75, within(1e-9));
        assertThat(JobFigures.lagBoundSeconds(Duration.ofSeconds(60))).isCloseTo(4.0, within(1e-9));
    }

    @Test
    void aRunIsSustainedWhenEverythingSucceededWithinTheBound() {
        assertThat(new JobFigures.Outcome(30_000, 30_000, 30_000, 0, 1.2).sustained(1.75)).isTrue();
        assertThat(new JobFigures.Outcome(30_000, 30_000, 30_000, 0, 1.2).failure(1.75)).isEmpty();
    }

    @Test
    void aRunLaggingBeyondTheBoundIsNotSustained() {
        JobFigures.Outcome late = new JobFigures.Outcome(30_000, 30_000, 30_000, 0, 2.5);
        assertThat(late.sustained(1.75)).isFalse();
        assertThat(late.failure(1.75)).isEqualTo("run log 2.5 s behind");
        JobFigures.Outcome never = new JobFigures.Outcome(30_000, 30_000, 29_000, 0, Double.NaN);
        assertThat(never.sustained(1.75)).isFalse();
        assertThat(never.failure(1.75)).isEqualTo("1000 missing");
    }

    @Test
    void aRejectedWebhookOrAFailedExecutionFailsTheRun() {
        JobFigures.Outcome rejected = new JobFigures.Outcome(30_000, 29_990, 29_990, 0, 0.5);
        assertThat(rejected.sustained(1.75)).isFalse();
        assertThat(rejected.failure(1.75)).isEqualTo("10 not accepted");
        JobFigures.Outcome failed = new JobFigures.Outcome(30_000, 30_000, 29_999, 1, 0.5);
        assertThat(failed.sustained(1.75)).isFalse();
        assertThat(failed.failure(1.75)).isEqualTo("1 failed");
    }

    @Test
    void petsPerSecondCountFromTheFirstSendToTheLastFinish() {
        assertThat(JobFigures.petsPerSecond(30_000, 1_000, 16_000)).isCloseTo(2_000, within(1e-9));
        assertThat(JobFigures.petsPerSecond(0, 1_000, -1)).isZero();
        assertThat(JobFigures.petsPerSecond(10, 1_000, 1_000)).isZero();
    }

    @Test
    void countsAreInterpolatedBetweenReadingsAndClampedOutside() {
        List<JobFigures.Point> timeline = List.of(new JobFigures.Point(1_000, 0), new JobFigures.Point(2_000, 100),
                new JobFigures.Point(4_000, 500));
        assertThat(JobFigures.countAt(timeline, 500)).isZero();
        assertThat(JobFigures.countAt(timeline, 1_500)).isCloseTo(50, within(1e-9));
        assertThat(JobFigures.countAt(timeline, 3_000)).isCloseTo(300, within(1e-9));
        assertThat(JobFigures.countAt(timeline, 9_000)).isCloseTo(500, within(1e-9));
        assertThat(JobFigures.countAt(List.of(), 9_000)).isNaN();
    }

    @Test
    void aWindowsRateIsItsCountOverItsLength() {
        List<JobFigures.Point> timeline = List.of(new JobFigures.Point(0, 0), new JobFigures.Point(30_000, 9_000),
                new JobFigures.Point(60_000, 99_000));
        assertThat(JobFigures.ratePerSecond(timeline, 0, 30_000)).isCloseTo(300, within(1e-9));
        assertThat(JobFigures.ratePerSecond(timeline, 30_000, 60_000)).isCloseTo(3_000, within(1e-9));
        assertThat(JobFigures.ratePerSecond(timeline, 30_000, 30_000)).isNaN();
    }
}
