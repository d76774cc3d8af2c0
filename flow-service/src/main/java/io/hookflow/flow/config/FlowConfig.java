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
        /** How long a request waits for Kafka to acknowledge a flow.changed event before answering 503. */
        @WithDefault("15s")
        Duration sendTimeout();
    }
}
