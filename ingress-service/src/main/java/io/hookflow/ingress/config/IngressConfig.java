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

    /** How long a fetched webhook credential is trusted before it is fetched again. */
    @WithDefault("5s")
    Duration credentialCacheTtl();

    /** How long to wait for Kafka's acknowledgement before answering 503. */
    @WithDefault("10s")
    Duration publishTimeout();

    /** Webhook calls per second a flow takes when its settings set no rateLimitPerSecond; more answer 429. */
    @WithDefault("1000")
    int defaultRateLimitPerSecond();

    /** Seconds a client is told to wait (Retry-After) when the broker is unavailable. */
    @WithDefault("5")
    int retryAfterSeconds();
}
