package io.hookflow.ingress.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookflow.ingress.FlowState;
import io.hookflow.ingress.config.IngressConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * The webhook's per-flow rate limit, charged only for calls that passed authentication (so that nobody who lacks the
 * credential can use up a partner's allowance): a token bucket per flow that holds one second's worth of calls and
 * refills continuously. The rate is the flow's {@code settings.rateLimitPerSecond}, else
 * {@code ingress.default-rate-limit-per-second}, shared out evenly between the {@code ingress.replicas} instances:
 * each takes {@code rate / replicas} a second (its bucket holds at least one call), so that together they take no
 * more than the flow's rate when calls are spread evenly.
 */
@ApplicationScoped
public class RateLimiter {

    private static final double NANOS_PER_SECOND = 1e9;

    private final int defaultPerSecond;
    private final int replicas;
    private final LongSupplier nanoClock;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    @Inject
    public RateLimiter(IngressConfig config) {
        this(config.defaultRateLimitPerSecond(), config.replicas(), System::nanoTime);
    }

    RateLimiter(int defaultPerSecond, int replicas, LongSupplier nanoClock) {
        this.defaultPerSecond = defaultPerSecond;
        this.replicas = Math.max(1, replicas);
        this.nanoClock = nanoClock;
    }

    /** Takes one call from the flow's allowance: 0 when it may go ahead, else whole seconds to wait. */
    public long acquire(FlowState flow) {
        int rate = rateOf(flow);
        Bucket bucket = buckets.get(flow.flowId());
        if (bucket == null || bucket.rate != rate) {
            bucket = buckets.compute(flow.flowId(), (id, old) ->
                    old == null || old.rate != rate ? new Bucket(rate, replicas, nanoClock.getAsLong()) : old);
        }
        return bucket.tryAcquire(nanoClock.getAsLong());
    }

    /** The flow's limit in calls per second, over all instances. */
    public int rateOf(FlowState flow) {
        JsonNode configured = flow.settings().get("rateLimitPerSecond");
        return configured != null && configured.canConvertToInt() && configured.asInt() > 0
                ? configured.asInt() : defaultPerSecond;
    }

    /** Drops a removed flow's bucket. */
    public void forget(String flowId) {
        buckets.remove(flowId);
    }

    private static final class Bucket {
        private final int rate;
        private final double share;
        private final double capacity;
        private double tokens;
        private long lastRefill;

        Bucket(int rate, int replicas, long now) {
            this.rate = rate;
            this.share = (double) rate / replicas;
            this.capacity = Math.max(1, share);
            this.tokens = capacity;
            this.lastRefill = now;
        }

        synchronized long tryAcquire(long now) {
            tokens = Math.min(capacity, tokens + (now - lastRefill) / NANOS_PER_SECOND * share);
            lastRefill = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / share));
        }
    }
}
