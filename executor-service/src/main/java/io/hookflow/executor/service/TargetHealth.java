package io.hookflow.executor.service;

import io.hookflow.executor.config.ExecutorConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A circuit breaker per flow step (flow id and step id: one tenant's target). After a transient failure the
 * step is degraded: only a few calls may be under way at once, and the others are parked at once instead of
 * holding a worker for a timeout; after {@code failureThreshold} failures in a row it is open, and nothing is
 * called for {@code openFor} (doubling while it keeps failing, up to 16 times). One success closes it. A flow
 * whose target is down therefore holds back no other flow. A step that never failed has no entry.
 * The gauge {@code hookflow_breaker_targets{state="open"|"degraded"}} counts the steps in each state when scraped.
 */
@Startup // its gauges are named from the first scrape
@ApplicationScoped
public class TargetHealth {

    private static final int PROBES = 2;

    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final int failureThreshold;
    private final long openForNanos;
    private final LongSupplier clock;

    @Inject
    TargetHealth(ExecutorConfig config, MeterRegistry registry) {
        this(config.breaker().failureThreshold(), config.breaker().openFor(), System::nanoTime);
        Gauge.builder("hookflow.breaker.targets", this, health -> health.count(true))
                .description("Flow steps whose circuit breaker is open (nothing is called), or degraded "
                        + "(failed lately, a few calls at once)")
                .tag("state", "open")
                .register(registry);
        Gauge.builder("hookflow.breaker.targets", this, health -> health.count(false))
                .description("Flow steps whose circuit breaker is open (nothing is called), or degraded "
                        + "(failed lately, a few calls at once)")
                .tag("state", "degraded")
                .register(registry);
    }

    TargetHealth(int failureThreshold, Duration openFor, LongSupplier clock) {
        this.failureThreshold = failureThreshold;
        this.openForNanos = openFor.toNanos();
        this.clock = clock;
    }

    /**
     * Whether a call of the step may go out now; each admitted call must be followed by {@link #succeeded} or
     * {@link #failed}.
     */
    public boolean admit(String flowId, String stepId) {
        State state = states.get(key(flowId, stepId));
        return state == null || state.admit(clock.getAsLong());
    }

    public void succeeded(String flowId, String stepId) {
        State state = states.remove(key(flowId, stepId));
        if (state != null) {
            state.release();
        }
    }

    public void failed(String flowId, String stepId) {
        String key = key(flowId, stepId);
        State state = states.get(key);
        if (state == null) {
            // the call that failed was admitted without an entry: nothing to release
            states.computeIfAbsent(key, k -> new State()).failed(clock.getAsLong(), false);
        } else {
            state.failed(clock.getAsLong(), true);
        }
    }

    /** How long calls of the step stay paused from now, or zero. */
    public Duration pausedFor(String flowId, String stepId) {
        State state = states.get(key(flowId, stepId));
        return state == null ? Duration.ZERO : state.pausedFor(clock.getAsLong());
    }

    /** Steps whose breaker is open now ({@code open}), or that failed lately but are not open. */
    int count(boolean open) {
        long now = clock.getAsLong();
        int count = 0;
        for (State state : states.values()) {
            if (state.pausedFor(now).isZero() != open) {
                count++;
            }
        }
        return count;
    }

    private static String key(String flowId, String stepId) {
        return flowId + '/' + stepId;
    }

    private final class State {

        private int failures;
        private int probes;
        private long openUntil;

        synchronized boolean admit(long now) {
            if (failures >= failureThreshold && now < openUntil) {
                return false;
            }
            if (probes >= PROBES) {
                return false;
            }
            probes++;
            return true;
        }

        synchronized void release() {
            probes = Math.max(0, probes - 1);
        }

        synchronized void failed(long now, boolean admitted) {
            if (admitted) {
                probes = Math.max(0, probes - 1);
            }
            failures++;
            if (failures >= failureThreshold) {
                int doublings = Math.min(4, failures - failureThreshold);
                openUntil = now + (openForNanos << doublings);
            }
        }

        synchronized Duration pausedFor(long now) {
            return failures >= failureThreshold && now < openUntil ? Duration.ofNanos(openUntil - now) : Duration.ZERO;
        }
    }
}
