package io.hookflow.ingress.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.TimeUnit;

/**
 * Webhook counters and timings: {@code hookflow_webhooks_received_total{outcome,status}} and
 * {@code hookflow_webhook_accept_duration_seconds{outcome}} (time from request to answer).
 */
@ApplicationScoped
public class WebhookMetrics {

    private final MeterRegistry registry;

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records one answered webhook call. */
    public void record(int status, long startNanos) {
        String outcome = outcomeOf(status);
        Counter.builder("hookflow.webhooks.received")
                .description("Webhook calls answered, by outcome and HTTP status")
                .tag("outcome", outcome)
                .tag("status", Integer.toString(status))
                .register(registry)
                .increment();
        Timer.builder("hookflow.webhook.accept.duration")
                .description("Time from receiving a webhook call to answering it")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    static String outcomeOf(int status) {
        if (status >= 200 && status < 300) {
            return "accepted";
        }
        if (status == 503) {
            return "unavailable";
        }
        return status >= 500 ? "error" : "rejected";
    }
}
