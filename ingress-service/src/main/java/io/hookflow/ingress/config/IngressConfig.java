package io.hookflow.ingress.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of the webhook ingress, under the {@code ingress} prefix. */
@ConfigMapping(prefix = "ingress")
public interface IngressConfig {

    /** Largest accepted request body; larger ones answer 413. */
    @WithDefault("10M")
    MemorySize maxBodySize();

    /**
     * Most request-body bytes held in memory at once, from the moment a body is read until its call is answered and
     * Kafka is done with its event; a POST that would go over answers 503 with Retry-After. The heap these take is a few
     * times as much (the REST layer's copy, the event, the producer's batch): 32 MiB fits a 256 MiB heap.
     */
    @WithDefault("32M")
    MemorySize maxBodyBytesInFlight();

    /**
     * How long a fetched webhook credential is trusted before it is fetched again. A change or deletion must reach
     * the webhook within 5 s (contract); 4 s leaves a second for the fetch itself.
     */
    @WithDefault("4s")
    Duration credentialCacheTtl();

    /**
     * How many verified Standard Webhooks ids ({@code webhook-id}, per flow) are remembered to answer resends without
     * publishing them again; each is kept 10 minutes (twice the timestamp tolerance), the oldest go first when full.
     */
    @WithDefault("100000")
    int rememberedWebhookIds();

    /** How long to wait for Kafka's acknowledgement before answering 503. */
    @WithDefault("10s")
    Duration publishTimeout();

    /** Webhook calls per second a flow takes when its settings set no rateLimitPerSecond; more answer 429. */
    @WithDefault("1000")
    int defaultRateLimitPerSecond();

    /**
     * How many ingress instances share the webhook traffic. Each takes {@code 1/replicas} of a flow's rate limit, so
     * that together they take no more than it (Kubernetes: the Deployment's replica count).
     */
    @WithDefault("1")
    int replicas();

    /**
     * Failed authentications a second that one source address may make against one flow (refilling continuously);
     * beyond {@link #authFailureBurst()} of them the source answers 429 for that flow until its allowance refills.
     */
    @WithDefault("1")
    double authFailureLimitPerSecond();

    /** Failed authentications one source may make against one flow at once before it is limited. */
    @WithDefault("10")
    int authFailureBurst();

    /**
     * How many (source address, flow) pairs the failed-authentication limit remembers; beyond it, those whose
     * allowance has refilled are forgotten first.
     */
    @WithDefault("10000")
    int authFailureSources();

    /**
     * Most elements and attributes an XML body, or parts a multipart body, may have; more answer 413. It bounds the
     * JSON tree built from one such body (about 150 bytes of heap per element), which the size limit alone does not.
     */
    @WithDefault("100000")
    int maxBodyNodes();

    /** Seconds a client is told to wait (Retry-After) when the broker is unavailable. */
    @WithDefault("5")
    int retryAfterSeconds();
}
