package io.hookflow.ingress.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.hookflow.ingress.FlowState;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {

    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong clock = new AtomicLong(42 * SECOND);
    private final RateLimiter limiter = new RateLimiter(3, 1, clock::get);

    @Test
    void allowsOneSecondsWorthAtOnceThenAsksToWait() {
        FlowState flow = flow("f1", null);
        assertThat(limiter.acquire(flow)).isZero();
        assertThat(limiter.acquire(flow)).isZero();
        assertThat(limiter.acquire(flow)).isZero();
        assertThat(limiter.acquire(flow)).isEqualTo(1);
    }

    @Test
    void refillsAtTheRate() {
        FlowState flow = flow("f2", 2);
        assertThat(limiter.acquire(flow)).isZero();
        assertThat(limiter.acquire(flow)).isZero();
        assertThat(limiter.acquire(flow)).isPositive();
        clock.addAndGet(SECOND / 2); // half a second at 2/s: one more call
        assertThat(limiter.acquire(flow)).isZero();
        assertThat(limiter.acquire(flow)).isPositive();
    }

    @Test
    void aFlowsOwnSettingWinsAndEachFlowHasItsOwnBucket() {
        FlowState limited = flow("f3", 1);
        FlowState other = flow("f4", null);
        assertThat(limiter.rateOf(limited)).isEqualTo(1);
        assertThat(limiter.rateOf(other)).isEqualTo(3);
        assertThat(limiter.acquire(limited)).isZero();
        assertThat(limiter.acquire(limited)).isEqualTo(1);
        assertThat(limiter.acquire(other)).isZero();
    }

    @Test
    void aChangedLimitTakesEffectAtOnce() {
        assertThat(limiter.acquire(flow("f5", 1))).isZero();
        assertThat(limiter.acquire(flow("f5", 1))).isPositive();
        assertThat(limiter.acquire(flow("f5", 10))).isZero();
    }

    @Test
    void eachReplicaTakesItsShareOfTheFlowsRate() {
        RateLimiter oneOfThree = new RateLimiter(3, 3, clock::get);
        FlowState flow = flow("f6", 30);
        for (int i = 0; i < 10; i++) {
            assertThat(oneOfThree.acquire(flow)).as("call %d", i).isZero();
        }
        assertThat(oneOfThree.acquire(flow)).isPositive();
        clock.addAndGet(SECOND / 10); // a tenth of a second at 10/s: one more call
        assertThat(oneOfThree.acquire(flow)).isZero();
        assertThat(oneOfThree.acquire(flow)).isPositive();
        assertThat(oneOfThree.rateOf(flow)).isEqualTo(30);
    }

    @Test
    void aShareUnderOneACallStillLetsOneCallThroughAndRefillsSlowly() {
        RateLimiter oneOfThree = new RateLimiter(3, 3, clock::get);
        FlowState flow = flow("f7", 1);
        assertThat(oneOfThree.acquire(flow)).isZero();
        assertThat(oneOfThree.acquire(flow)).isEqualTo(3);
        clock.addAndGet(2 * SECOND);
        assertThat(oneOfThree.acquire(flow)).isPositive();
        clock.addAndGet(SECOND + 1);
        assertThat(oneOfThree.acquire(flow)).isZero();
    }

    private static FlowState flow(String id, Integer rate) {
        var settings = JsonNodeFactory.instance.objectNode();
        if (rate != null) {
            settings.put("rateLimitPerSecond", rate);
        }
        return new FlowState(id, "demo", FlowState.ACTIVE, 1, "step_1", "c1", settings);
    }
}
