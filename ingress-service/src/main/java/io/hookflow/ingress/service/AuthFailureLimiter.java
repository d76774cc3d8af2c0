package io.hookflow.ingress.service;

import io.hookflow.ingress.config.IngressConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * The limit on failed authentications, kept apart from the flow's own rate limit so that a caller without the
 * credential never uses up the partner's allowance: a token bucket per (source address, flow), holding
 * {@code ingress.auth-failure-burst} failures and refilling at {@code ingress.auth-failure-limit-per-second}. A source
 * whose bucket is empty is answered 429 for that flow before its credential is even checked, so guessing a key or a
 * password goes no faster than the limit. Only failures create a bucket; at most {@code ingress.auth-failure-sources}
 * are kept, and when that is reached the ones that have refilled (which are no different from a new one) go first,
 * then an arbitrary tenth. Per instance, like the flow's limit.
 */
@ApplicationScoped
public class AuthFailureLimiter {

    private static final double NANOS_PER_SECOND = 1e9;

    private record Key(String source, String flowId) {
    }

    private final double perSecond;
    private final double burst;
    private final int maxEntries;
    private final LongSupplier nanoClock;
    private final ConcurrentMap<Key, Bucket> buckets = new ConcurrentHashMap<>();

    @Inject
    public AuthFailureLimiter(IngressConfig config) {
        this(config.authFailureLimitPerSecond(), config.authFailureBurst(), config.authFailureSources(), System::nanoTime);
    }

    AuthFailureLimiter(double perSecond, int burst, int maxEntries, LongSupplier nanoClock) {
        this.perSecond = perSecond;
        this.burst = Math.max(1, burst);
        this.maxEntries = Math.max(1, maxEntries);
        this.nanoClock = nanoClock;
    }

    /** 0 when {@code source} may try to authenticate for the flow now, else whole seconds to wait. */
    public long retryAfter(String source, String flowId) {
        if (buckets.isEmpty()) {
            return 0;
        }
        Bucket bucket = buckets.get(new Key(source, flowId));
        return bucket == null ? 0 : bucket.retryAfter(nanoClock.getAsLong());
    }

    /** Charges one failed authentication of {@code source} against the flow. */
    public void failed(String source, String flowId) {
        Key key = new Key(source, flowId);
        long now = nanoClock.getAsLong();
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= maxEntries) {
                evict(now);
            }
            bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        }
        bucket.take(now);
    }

    /** How many (source, flow) pairs are remembered now. */
    int size() {
        return buckets.size();
    }

    private synchronized void evict(long now) {
        if (buckets.size() < maxEntries) {
            return;
        }
        buckets.values().removeIf(bucket -> bucket.isFull(now));
        int drop = buckets.size() - maxEntries + Math.max(1, maxEntries / 10);
        for (Iterator<Key> keys = buckets.keySet().iterator(); drop > 0 && keys.hasNext(); drop--) {
            keys.next();
            keys.remove();
        }
    }

    private final class Bucket {
        private double tokens;
        private long lastRefill;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.lastRefill = now;
        }

        private void refill(long now) {
            tokens = Math.min(burst, tokens + (now - lastRefill) / NANOS_PER_SECOND * perSecond);
            lastRefill = now;
        }

        synchronized long retryAfter(long now) {
            refill(now);
            return tokens >= 1 ? 0 : Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
        }

        synchronized void take(long now) {
            refill(now);
            tokens = Math.max(0, tokens - 1);
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= burst;
        }
    }
}
