package io.hookflow.executor.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

/** The executor's own settings, bound from the {@code executor.*} keys. */
@ConfigMapping(prefix = "executor")
public interface ExecutorConfig {

    /** Connectors by component id (the {@code component} of an action step), e.g. {@code petstore}. */
    Map<String, Connector> connectors();

    /** How long a fetched credential is used before it is fetched again. */
    @WithDefault("4s")
    Duration credentialCacheTtl();

    /** How long a connector call may take to connect. */
    @WithDefault("2s")
    Duration connectorConnectTimeout();

    /** How long one try of a connector call may wait for the answer; a timeout is retried. */
    @WithDefault("10s")
    Duration connectorReadTimeout();

    /**
     * Keep-alive connections per connector; at least the number of executions running at once, so that no
     * connector call waits for a connection.
     */
    @WithDefault("64")
    int connectorMaxConnections();

    /** How long the executor waits for Kafka to acknowledge a record it writes. */
    @WithDefault("60s")
    Duration recordTimeout();

    /**
     * How long an execution runs before its {@code running} record is written. One that ends sooner gets only its
     * final record (nobody could have seen it running); a longer one shows as running from then on. 0 writes the
     * running record at the start of every execution.
     */
    @WithDefault("1s")
    Duration runningRecordDelay();

    /** Webhook events executed at once (the worker threads of {@code webhook.received}). */
    @WithDefault("64")
    int concurrency();

    /** How long a stopping executor lets running executions finish before it hands the rest back. */
    @WithDefault("20s")
    Duration shutdownGrace();

    /** How long a write to Kafka may keep failing before liveness reports the executor DOWN. */
    @WithDefault("5m")
    Duration stuckAfter();

    /** Durable retries of transiently failed executions. */
    Retry retry();

    /** The circuit breaker per flow step. */
    Breaker breaker();

    /** Durable retries: back-off, limits and the deferred topic's reader. */
    interface Retry {

        /** The ceiling of the first retry's random delay; it doubles with each attempt. */
        @WithDefault("1s")
        Duration initialDelay();

        /** The largest delay between two attempts. */
        @WithDefault("5m")
        Duration maxDelay();

        /** How long after its receipt a webhook is still tried, unless its flow sets {@code settings.retry.maxAge}. */
        @WithDefault("24h")
        Duration maxAge();

        /** Attempts at most, unless the flow sets {@code settings.retry.maxAttempts}; 0 for no limit but the age. */
        @WithDefault("0")
        int maxAttempts();

        /** Deferred executions run at once when they come due. */
        @WithDefault("16")
        int concurrency();

        /** Deferred executions held in memory until due before the reader pauses. */
        @WithDefault("10000")
        int maxHeld();
    }

    /** The circuit breaker per flow step ({@code TargetHealth}). */
    interface Breaker {

        /** Transient failures in a row that open it. */
        @WithDefault("3")
        int failureThreshold();

        /** How long it stays open at first (doubling while it keeps failing). */
        @WithDefault("5s")
        Duration openFor();
    }

    /** Where one connector answers. */
    interface Connector {

        /** Base URL of the connector, e.g. {@code http://localhost:8084}. */
        String url();
    }

    /** The bounds every JSONata mapping expression is evaluated within. */
    Mapping mapping();

    /** Bounds on one mapping expression, so that no flow's mapping can stall a worker or fill the heap. */
    interface Mapping {

        /** How long one expression may run. */
        @WithDefault("1s")
        Duration timeout();

        /** How deeply its evaluation may nest; a recursive JSONata call takes about three levels. */
        @WithDefault("200")
        int maxDepth();

        /**
         * The largest value, as JSON text, that an expression may produce, as its result or on the way; all the values
         * it builds may come to 16 times this together. Values of the previous output, read as they are, do not count.
         */
        @WithDefault("1048576")
        int maxResultBytes();
    }
}
