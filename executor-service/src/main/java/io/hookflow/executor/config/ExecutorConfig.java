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

    /** Where one connector answers. */
    interface Connector {

        /** Base URL of the connector, e.g. {@code http://localhost:8084}. */
        String url();
    }
}
