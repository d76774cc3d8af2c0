package io.hookflow.ingress.service;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class AuthFailureLimiterTest {

    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong clock = new AtomicLong(42 * SECOND);
    private final AuthFailureLimiter limiter = new AuthFailureLimiter(2, 3, 100, clock::get);

    @Test
    void aSourceIsLimitedAfterItsBurstOfFailuresAndRefillsAtTheRate() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.retryAfter("10.0.0.1", "f1")).isZero();
            limiter.failed("10.0.0.1", "f1");
        }
        assertThat(limiter.retryAfter("10.0.0.1", "f1")).isEqualTo(1);
        clock.addAndGet(SECOND / 2); // half a second at 2/s: one more try
        assertThat(limiter.retryAfter("10.0.0.1", "f1")).isZero();
        limiter.failed("10.0.0.1", "f1");
        assertThat(limiter.retryAfter("10.0.0.1", "f1")).isEqualTo(1);
    }

    @Test
    void otherSourcesAndOtherFlowsAreNotLimited() {
        for (int i = 0; i < 10; i++) {
            limiter.failed("10.0.0.1", "f1");
        }
        assertThat(limiter.retryAfter("10.0.0.1", "f1")).isPositive();
        assertThat(limiter.retryAfter("10.0.0.2", "f1")).isZero();
        assertThat(limiter.retryAfter("10.0.0.1", "f2")).isZero();
    }

    @Test
    void keepsAtMostItsBoundForgettingRefilledSourcesFirst() {
        AuthFailureLimiter small = new AuthFailureLimiter(1, 2, 10, clock::get);
        for (int i = 0; i < 2; i++) {
            small.failed("attacker", "f1");
        }
        for (int i = 0; i < 9; i++) {
            small.failed("10.0.1." + i, "f1");
        }
        clock.addAndGet(SECOND); // the nine have refilled; the attacker, two failures down, only halfway
        small.failed("newcomer", "f1");
        assertThat(small.size()).isEqualTo(2);
        small.failed("attacker", "f1"); // still remembered: this failure empties its bucket
        assertThat(small.retryAfter("attacker", "f1")).isPositive();

        for (int i = 0; i < 100; i++) {
            small.failed("flood-" + i, "f1");
            assertThat(small.size()).isLessThanOrEqualTo(10);
        }
    }
}
