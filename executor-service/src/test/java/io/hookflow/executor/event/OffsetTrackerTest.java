package io.hookflow.executor.event;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetTrackerTest {

    @Test
    void commitsOnlyUpToTheLowestRecordNotYetDone() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.taken(10);
        tracker.taken(11);
        tracker.taken(12);
        tracker.done(11);
        tracker.done(12);
        assertThat(tracker.committable()).isEqualTo(10);
        tracker.committed(10);
        assertThat(tracker.committable()).isEqualTo(-1);
        tracker.done(10);
        assertThat(tracker.committable()).isEqualTo(13);
        tracker.committed(13);
        assertThat(tracker.committable()).isEqualTo(-1);
        assertThat(tracker.openCount()).isZero();
    }

    @Test
    void aRecordThatNeverFinishesHoldsItsPartitionBack() {
        OffsetTracker tracker = new OffsetTracker();
        tracker.taken(0);
        for (long offset = 1; offset < 100; offset++) {
            tracker.taken(offset);
            tracker.done(offset);
        }
        assertThat(tracker.committable()).isZero();
        assertThat(tracker.openCount()).isEqualTo(1);
    }
}
