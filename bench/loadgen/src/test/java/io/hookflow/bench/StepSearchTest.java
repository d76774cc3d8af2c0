package io.hookflow.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;

class StepSearchTest {

    /** Runs the search against a platform that passes every rate up to {@code capacity}; answers the rates tried. */
    private static List<Integer> drive(StepSearch search, IntPredicate passes, int maxSteps) {
        List<Integer> tried = new ArrayList<>();
        for (int step = 0; step < maxSteps; step++) {
            OptionalInt next = search.next();
            if (next.isEmpty()) {
                break;
            }
            tried.add(next.getAsInt());
            search.record(next.getAsInt(), passes.test(next.getAsInt()));
        }
        return tried;
    }

    @Test
    void startsAtTheFirstRateAndRaisesByHalfRoundedTo500() {
        StepSearch search = new StepSearch(2_000, Map.of());
        List<Integer> tried = drive(search, rate -> true, 4);
        assertThat(tried).containsExactly(2_000, 3_000, 4_500, 7_000);
        assertThat(search.best()).isEqualTo(7_000);
    }

    @Test
    void measuresAFailingRateAgainBeforeBisecting() {
        StepSearch search = new StepSearch(2_000, Map.of());
        List<Integer> tried = drive(search, rate -> rate <= 3_700, 20);
        // 4,500 fails twice, then the gap 3,000-4,500 is halved: 4,000 fails twice, 3,500 passes; 3,500-4,000 is 500
        assertThat(tried).containsExactly(2_000, 3_000, 4_500, 4_500, 4_000, 4_000, 3_500);
        assertThat(search.best()).isEqualTo(3_500);
        assertThat(search.next()).isEmpty();
    }

    @Test
    void aFailureThatPassesOnTheSecondTryCountsAsAPass() {
        StepSearch search = new StepSearch(2_000, Map.of());
        search.record(2_000, false);
        assertThat(search.isRetry(2_000)).isTrue();
        assertThat(search.next()).hasValue(2_000);
        search.record(2_000, true);
        assertThat(search.best()).isEqualTo(2_000);
        assertThat(search.next()).hasValue(3_000);
    }

    @Test
    void startsFromRatesAlreadyMeasured() {
        // fixed-rate runs: 1,000 and 5,000 passed, 10,000 failed once, so it is measured again first
        StepSearch search = new StepSearch(1_000, Map.of(1_000, true, 5_000, true, 10_000, false));
        assertThat(search.next()).hasValue(10_000);
        search.record(10_000, false);
        assertThat(search.next()).hasValue(7_500);
    }

    @Test
    void stopsWhenTheGapIsUnderFivePercent() {
        StepSearch search = new StepSearch(1_000, Map.of(20_000, true, 21_000, false));
        search.record(21_000, false);
        assertThat(search.next()).isEmpty();
        assertThat(search.best()).isEqualTo(20_000);
    }

    @Test
    void bisectsDownWhenEvenTheFirstRateFails() {
        StepSearch search = new StepSearch(2_000, Map.of());
        List<Integer> tried = drive(search, rate -> rate <= 600, 20);
        assertThat(tried).containsExactly(2_000, 2_000, 1_000, 1_000, 500);
        assertThat(search.best()).isEqualTo(500);
    }

    @Test
    void neverRaisesBeyondTheMaximumRate() {
        StepSearch search = new StepSearch(1_000, Map.of(190_000, true));
        assertThat(search.next()).isEmpty();
    }

    @Test
    void roundsToTheNearest500AndNeverBelow500() {
        assertThat(StepSearch.round(3_750)).isEqualTo(4_000);
        assertThat(StepSearch.round(3_700)).isEqualTo(3_500);
        assertThat(StepSearch.round(100)).isEqualTo(500);
    }
}
