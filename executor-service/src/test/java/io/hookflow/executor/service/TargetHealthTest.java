package io.hookflow.executor.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class TargetHealthTest {

    private final AtomicLong clock = new AtomicLong();
    private final TargetHealth health = new TargetHealth(3, Duration.ofSeconds(5), clock::get);

    @Test
    void aStepThatNeverFailedIsAlwaysCalled() {
        for (int i = 0; i < 100; i++) {
            assertThat(health.admit("flow", "step_2")).isTrue();
        }
    }

    @Test
    void afterAFailureOnlyAFewCallsAreUnderWayAtOnce() {
        health.failed("flow", "step_2");
        assertThat(health.admit("flow", "step_2")).isTrue();
        assertThat(health.admit("flow", "step_2")).isTrue();
        assertThat(health.admit("flow", "step_2")).isFalse();
        health.succeeded("flow", "step_2");
        assertThat(health.admit("flow", "step_2")).isTrue();
        assertThat(health.admit("flow", "step_2")).isTrue();
        assertThat(health.admit("flow", "step_2")).isTrue();
    }

    @Test
    void opensAfterFailuresInARowAndLetsAProbeThroughOnceTheTimeIsUp() {
        health.failed("flow", "step_2");
        health.failed("flow", "step_2");
        health.failed("flow", "step_2");
        assertThat(health.admit("flow", "step_2")).isFalse();
        assertThat(health.pausedFor("flow", "step_2")).isEqualTo(Duration.ofSeconds(5));
        clock.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(health.admit("flow", "step_2")).isTrue();
        // the probe failed: open again, for twice as long
        health.failed("flow", "step_2");
        assertThat(health.pausedFor("flow", "step_2")).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void oneFlowsFailuresDoNotTouchAnotherFlowOrStep() {
        for (int i = 0; i < 10; i++) {
            health.failed("flow-a", "step_2");
        }
        assertThat(health.admit("flow-a", "step_2")).isFalse();
        assertThat(health.admit("flow-b", "step_2")).isTrue();
        assertThat(health.admit("flow-a", "step_3")).isTrue();
    }
}
