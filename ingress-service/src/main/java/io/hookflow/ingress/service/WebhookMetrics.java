package io.hookflow.ingress.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Webhook counters and timings: {@code hookflow_webhooks_received_total{outcome,status}} and
 * {@code hookflow_webhook_accept_duration_seconds{outcome}} (time from request to answer). Each meter is registered on
 * first use and then kept, so that recording a call looks nothing up.
 */
@ApplicationScoped
public class WebhookMetrics {

    private static final String[] OUTCOMES = {"accepted", "rejected", "unavailable", "error"};

    private final MeterRegistry registry;
    private final AtomicReferenceArray<Counter> counters = new AtomicReferenceArray<>(600);
    private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(OUTCOMES.length);

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records one answered webhook call. */
    public void record(int status, long startNanos) {
        long elapsed = System.nanoTime() - startNanos;
        int outcome = outcomeIndex(status);
        counter(status, outcome).increment();
        timer(outcome).record(elapsed, TimeUnit.NANOSECONDS);
    }

    private Counter counter(int status, int outcome) {
        int slot = status >= 0 && status < counters.length() ? status : 0;
        Counter counter = counters.get(slot);
        if (counter == null || slot == 0) {
            counter = Counter.builder("hookflow.webhooks.received")
                    .description("Webhook calls answered, by outcome and HTTP status")
                    .tag("outcome", OUTCOMES[outcome])
                    .tag("status", Integer.toString(status))
                    .register(registry);
            if (slot != 0) {
                counters.set(slot, counter);
            }
        }
        return counter;
    }

    private Timer timer(int outcome) {
        Timer timer = timers.get(outcome);
        if (timer == null) {
            timer = Timer.builder("hookflow.webhook.accept.duration")
                    .description("Time from receiving a webhook call to answering it")
                    .tag("outcome", OUTCOMES[outcome])
                    .publishPercentileHistogram()
                    .register(registry);
            timers.set(outcome, timer);
        }
        return timer;
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
