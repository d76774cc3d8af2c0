package io.hookflow.ingress.service;

import io.hookflow.ingress.auth.HmacWebhookAuthenticator;
import io.hookflow.ingress.config.IngressConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The Standard Webhooks calls this instance has accepted (or is accepting), by request id (derived from flow id and
 * {@code webhook-id}), so that a resend is answered with the first call's outcome instead of being published again.
 * Only calls whose signature verified get here. Ids are kept for {@link #RETENTION} (twice the timestamp tolerance:
 * a resend older than that fails the timestamp check anyway) and at most {@code ingress.remembered-webhook-ids} of
 * them, the oldest forgotten first. Concurrent resends share the first call's publish; a publish that fails forgets
 * the id, so that the sender's retry is published. Across instances and restarts the derived request id still lets
 * downstream collapse resends.
 */
@ApplicationScoped
public class SeenWebhookIds {

    /** How long an accepted id is remembered. */
    public static final Duration RETENTION = HmacWebhookAuthenticator.TOLERANCE.multipliedBy(2);

    private final class Seen {
        final String requestId;
        final long seenAtNanos;
        // The shared publish while it runs; null once it succeeded. Not kept longer: it holds the whole event.
        volatile Uni<String> publishing;

        Seen(String requestId, long seenAtNanos, Uni<String> publish) {
            this.requestId = requestId;
            this.seenAtNanos = seenAtNanos;
            this.publishing = publish
                    .onItem().invoke(() -> publishing = null)
                    .onFailure().invoke(() -> entries.remove(requestId, this))
                    .memoize().indefinitely();
        }

        Uni<String> outcome() {
            Uni<String> running = publishing;
            return running != null ? running : Uni.createFrom().item(requestId);
        }

        boolean expired(long nowNanos) {
            return nowNanos - seenAtNanos > retentionNanos;
        }
    }

    private final ConcurrentMap<String, Seen> entries = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Seen> order = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final ReentrantLock trimming = new ReentrantLock();
    private final long retentionNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;

    @Inject
    public SeenWebhookIds(IngressConfig config) {
        this(RETENTION, config.rememberedWebhookIds(), System::nanoTime);
    }

    SeenWebhookIds(Duration retention, int maxEntries, LongSupplier nanoTime) {
        this.retentionNanos = retention.toNanos();
        this.maxEntries = maxEntries;
        this.nanoTime = nanoTime;
    }

    /** The outcome of an earlier call with this request id (done or still publishing), or null when there is none. */
    public Uni<String> earlier(String requestId) {
        Seen seen = entries.get(requestId);
        if (seen == null) {
            return null;
        }
        if (seen.expired(nanoTime.getAsLong())) {
            entries.remove(requestId, seen);
            return null;
        }
        return seen.outcome();
    }

    /**
     * Runs {@code publish} (which yields the request id) unless a call with this request id got here first, in
     * which case that call's outcome is answered. A failed publish forgets the id.
     */
    public Uni<String> publishOnce(String requestId, Uni<String> publish) {
        long now = nanoTime.getAsLong();
        Seen fresh = new Seen(requestId, now, publish);
        while (true) {
            Seen existing = entries.putIfAbsent(requestId, fresh);
            if (existing == null) {
                order.offer(fresh);
                queued.incrementAndGet();
                trim(now);
                return fresh.outcome();
            }
            if (!existing.expired(now)) {
                return existing.outcome();
            }
            entries.remove(requestId, existing);
        }
    }

    /** How many ids are remembered now. */
    public int size() {
        return entries.size();
    }

    // Drops expired ids and, over the cap, the oldest. One thread trims at a time; the others need not wait.
    private void trim(long now) {
        if (!trimming.tryLock()) {
            return;
        }
        try {
            Seen head;
            while ((head = order.peek()) != null && (queued.get() > maxEntries || head.expired(now))) {
                order.poll();
                queued.decrementAndGet();
                entries.remove(head.requestId, head);
            }
        } finally {
            trimming.unlock();
        }
    }
}
