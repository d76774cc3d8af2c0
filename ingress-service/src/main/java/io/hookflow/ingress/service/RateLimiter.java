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
 * The webhook's per-flow rate limit: a token bucket per flow that holds one second's worth of calls and
 * refills continuously. The rate is the flow's {@code settings.rateLimitPerSecond}, else
 * {@code ingress.default-rate-limit-per-second}. Limits are per ingress instance.
 */
@ApplicationScoped
public class RateLimiter {

    private static final double NANOS_PER_SECOND = 1e9;

    private final int defaultPerSecond;
    private final LongSupplier nanoClock;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    @Inject
    public RateLimiter(IngressConfig config) {
        this(config.defaultRateLimitPerSecond(), System::nanoTime);
    }

    RateLimiter(int defaultPerSecond, LongSupplier nanoClock) {
        this.defaultPerSecond = defaultPerSecond;
        this.nanoClock = nanoClock;
    }

    /** Takes one call from the flow's allowance: 0 when it may go ahead, else whole seconds to wait. */
    public long acquire(FlowState flow) {
        int rate = rateOf(flow);
        Bucket bucket = buckets.get(flow.flowId());
        if (bucket == null || bucket.rate != rate) {
            bucket = buckets.compute(flow.flowId(), (id, old) ->
                    old == null || old.rate != rate ? new Bucket(rate, nanoClock.getAsLong()) : old);
        }
        return bucket.tryAcquire(nanoClock.getAsLong());
    }

    /** The flow's limit in calls per second. */
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
        private double tokens;
        private long lastRefill;

        Bucket(int rate, long now) {
            this.rate = rate;
            this.tokens = rate;
            this.lastRefill = now;
        }

        synchronized long tryAcquire(long now) {
            tokens = Math.min(rate, tokens + (now - lastRefill) / NANOS_PER_SECOND * rate);
            lastRefill = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / rate));
        }
    }
}
