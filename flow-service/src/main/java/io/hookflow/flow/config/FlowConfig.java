package io.hookflow.flow.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** The flow-service's own settings, under {@code flow.*}. */
@ConfigMapping(prefix = "flow")
public interface FlowConfig {

    /** Public base URL of ingress-service; a flow's webhook URL is this plus {@code /hook/{id}}. */
    @WithDefault("http://localhost:8080")
    String webhookBaseUrl();

    /** Connectors by component id ({@code flow.connectors.<id>.url}), each serving the connector protocol. */
    Map<String, Connector> connectors();

    /** How the component catalogue is fetched and cached. */
    Catalogue catalogue();

    /** How flow.changed events are sent. */
    Events events();

    /** Executions received longer ago than this are deleted (in the background, see {@link #executionRetentionInterval}). */
    @WithDefault("30d")
    Duration executionRetention();

    /**
     * How often the retention job deletes expired executions ({@code off} disables it); a duration such as
     * {@code 10m}, read by the {@code @Scheduled} job.
     */
    @WithDefault("10m")
    String executionRetentionInterval();

    /** How many executions one retention transaction deletes. */
    @WithDefault("1000")
    int executionRetentionBatchSize();

    /** How Kafka messages committed in the outbox (retries, replays) are relayed. */
    Outbox outbox();

    /** Retries of failed executions. */
    Retry retry();

    /**
     * Stats rollup rows of minutes longer ago than this are deleted (in the background); never less than
     * {@link #executionRetention}, whatever is set, as a retry of an execution still in the run log changes its minute.
     */
    @WithDefault("400d")
    Duration statsRetention();

    /** How often the stats retention job runs ({@code off} disables it), read by the {@code @Scheduled} job. */
    @WithDefault("1h")
    String statsRetentionInterval();

    /** How many rollup rows (flow minutes) one stats retention transaction deletes. */
    @WithDefault("1000")
    int statsRetentionBatchSize();

    /** Bounds of what a flow, its steps and their samples may hold (each breach answers 400 naming the field). */
    Limits limits();

    /** One connector. */
    interface Connector {
        /** Base URL of the connector, e.g. {@code http://localhost:8084}. */
        URI url();
    }

    /** Component catalogue settings. */
    interface Catalogue {
        /** A cached descriptor older than this is fetched again (the stale one is kept if that fails). */
        @WithDefault("60s")
        Duration refreshAfter();
    }

    /** Event settings. */
    interface Events {
        /**
         * How long a send of flow.changed events waits for Kafka; longer than the channel's {@code max.block.ms} plus
         * {@code delivery.timeout.ms}, so the producer has given up on a message before its flow's lock is released.
         */
        @WithDefault("15s")
        Duration sendTimeout();

        /**
         * How often the relay looks for flows whose change is not announced yet (each change is announced by its own
         * request at once; this catches those that could not be, e.g. while Kafka was down).
         */
        @WithDefault("1s")
        Duration relayInterval();

        /** How often every flow's state is announced again (also once at startup), so lost messages heal. */
        @WithDefault("5m")
        Duration reannounceInterval();

        /** How many flows one transaction marks or announces. */
        @WithDefault("100")
        int pageSize();
    }

    /** Outbox settings (service/OutboxRelay). */
    interface Outbox {
        /** How often the relay looks for messages not sent yet (each request also wakes it at once). */
        @WithDefault("1s")
        Duration relayInterval();

        /** How many messages one relay transaction sends at most. */
        @WithDefault("100")
        int batchSize();

        /** How many bytes of message values one relay transaction loads at most (one message always goes). */
        @WithDefault("16777216")
        int batchBytes();

        /** How long a batch waits for Kafka's acknowledgements. */
        @WithDefault("15s")
        Duration sendTimeout();
    }

    /** Retry settings. */
    interface Retry {
        /** How many executions one {@code POST /api/v1/flows/{id}/executions/retry} queues at most. */
        @WithDefault("1000")
        int maxPerRequest();
    }

    /**
     * Bounds of flow documents. Lengths count characters (UTF-16 code units, as Java does); sizes count the bytes of
     * the value written as compact JSON (UTF-8). {@code name-length} and {@code step-id-length} cannot go past 255:
     * the columns holding them are that wide.
     */
    interface Limits {
        /** A flow's and a step's name. */
        @WithDefault("200")
        int nameLength();

        /** A flow's description. */
        @WithDefault("10000")
        int descriptionLength();

        /** A step's note. */
        @WithDefault("10000")
        int noteLength();

        /** A step id: this many characters at most, of A-Z, a-z, 0-9, {@code _} and {@code -}. */
        @WithDefault("64")
        int stepIdLength();

        /** Steps of a flow, the trigger included. */
        @WithDefault("50")
        int steps();

        /** One mapping expression (JSONata). */
        @WithDefault("10000")
        int mappingExpressionLength();

        /**
         * A step's sample: a larger one is refused (in a draft or {@code PUT .../sample}); a larger captured one
         * (sample request, retrieve) is kept as its inferred JSON schema.
         */
        @WithDefault("262144")
        int sampleBytes();

        /** A flow's {@code settings} object. */
        @WithDefault("16384")
        int settingsBytes();

        /** The highest {@code settings.rateLimitPerSecond} (the lowest is 1). */
        @WithDefault("100000")
        int rateLimitPerSecond();
    }
}
