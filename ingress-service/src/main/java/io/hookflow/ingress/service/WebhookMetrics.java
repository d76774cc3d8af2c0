package io.hookflow.ingress.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Webhook counters and timings: {@code hookflow_webhooks_received_total{outcome,reason,status}} (every answered call;
 * {@code reason} is {@code none} for an accepted one, else a {@link RefusalReason}) and
 * {@code hookflow_webhook_accept_duration_seconds{outcome}} (time from request to answer, with histogram buckets).
 * Each meter is registered once and then kept in an array indexed by status and reason, so that recording a call looks
 * nothing up. At startup every timer and, for each reason, the counter of the status it comes with are registered, so
 * that they show 0 rather than no series; {@code other} has no one status and appears when first counted.
 */
@Startup
@ApplicationScoped
public class WebhookMetrics {

    /** The routing context's key for the {@link RefusalReason} of a call that was not accepted. */
    public static final String REASON = "hookflow.refusal-reason";

    private static final String[] OUTCOMES = {"accepted", "rejected", "unavailable", "error"};
    private static final RefusalReason[] REASONS = RefusalReason.values();
    private static final int STATUSES = 600;

    private final MeterRegistry registry;
    private final AtomicReferenceArray<Counter> counters = new AtomicReferenceArray<>(STATUSES * REASONS.length);
    private final Timer[] timers = new Timer[OUTCOMES.length];

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (int outcome = 0; outcome < OUTCOMES.length; outcome++) {
            timers[outcome] = Timer.builder("hookflow.webhook.accept.duration")
                    .description("Time from receiving a webhook call to answering it")
                    .tag("outcome", OUTCOMES[outcome])
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry);
        }
        counter(200, RefusalReason.NONE);
        counter(404, RefusalReason.UNKNOWN_FLOW);
        counter(401, RefusalReason.UNAUTHENTICATED);
        counter(429, RefusalReason.RATE_LIMITED);
        counter(429, RefusalReason.AUTH_RATE_LIMITED);
        counter(413, RefusalReason.TOO_LARGE);
        counter(415, RefusalReason.UNSUPPORTED_MEDIA_TYPE);
        counter(400, RefusalReason.MALFORMED);
        counter(405, RefusalReason.METHOD_NOT_ALLOWED);
        counter(503, RefusalReason.BUSY);
        counter(503, RefusalReason.CREDENTIALS_UNAVAILABLE);
        counter(503, RefusalReason.BROKER_UNAVAILABLE);
        counter(500, RefusalReason.INTERNAL_ERROR);
    }

    /**
     * Records one answered webhook call; {@code reason} may be null when the answer did not say (the reason its status
     * stands for is taken then).
     */
    public void record(int status, RefusalReason reason, long startNanos) {
        long elapsed = System.nanoTime() - startNanos;
        if (reason == null || status >= 200 && status < 300) {
            reason = RefusalReason.ofStatus(status);
        }
        counter(status, reason).increment();
        timers[outcomeIndex(status)].record(elapsed, TimeUnit.NANOSECONDS);
    }

    private Counter counter(int status, RefusalReason reason) {
        int slot = status >= 0 && status < STATUSES ? status * REASONS.length + reason.ordinal() : -1;
        Counter counter = slot < 0 ? null : counters.get(slot);
        if (counter == null) {
            // registering again answers the meter that exists: two threads racing here share one counter
            counter = Counter.builder("hookflow.webhooks.received")
                    .description("Webhook calls answered, by outcome, refusal reason and HTTP status")
                    .tag("outcome", OUTCOMES[outcomeIndex(status)])
                    .tag("reason", reason.label())
                    .tag("status", Integer.toString(status))
                    .register(registry);
            if (slot >= 0) {
                counters.set(slot, counter);
            }
        }
        return counter;
    }

    private static int outcomeIndex(int status) {
        if (status >= 200 && status < 300) {
            return 0;
        }
        if (status == 503) {
            return 2;
        }
        return status >= 500 ? 3 : 1;
    }
}
