package io.hookflow.flow.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.flow.client.ComponentDescriptor;
import io.hookflow.flow.client.ConnectorClient;
import io.hookflow.flow.config.FlowConfig;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The components a flow may use: the built-in webhook trigger plus each configured connector's
 * descriptor, fetched from the connector and cached; a failed refresh keeps serving the stale copy.
 */
@ApplicationScoped
public class ComponentCatalogue {

    public static final String WEBHOOK = "webhook";
    public static final String RECEIVE = "receive";

    private static final String WEBHOOK_DESCRIPTOR = """
            {"id":"webhook","title":"Webhook",
             "description":"Starts the flow when an HTTP request arrives at the flow's webhook URL.",
             "credential":{"types":["webhook-noauth","webhook-basic","webhook-apikey","webhook-hmac"]},
             "actions":[],
             "triggers":[{"id":"receive","title":"Receive a webhook","input":[],"output":[]}]}
            """;

    private final FlowConfig config;
    private final ConnectorClient connectorClient;
    private final ObjectMapper objectMapper;
    private final Entry webhook;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    public ComponentCatalogue(FlowConfig config, ConnectorClient connectorClient, ObjectMapper objectMapper) {
        this.config = config;
        this.connectorClient = connectorClient;
        this.objectMapper = objectMapper;
        this.webhook = parse(read(WEBHOOK_DESCRIPTOR), Instant.MAX);
    }

    /**
     * The descriptor of a component, empty when no such component is configured.
     *
     * @throws DependencyUnavailableException when the connector cannot be reached and nothing is cached
     */
    public Optional<ComponentDescriptor> descriptor(String componentId) {
        return entry(componentId).map(Entry::descriptor);
    }

    /** Every component's descriptor as its connector sent it; connectors that cannot be reached are left out. */
    public List<JsonNode> all() {
        List<JsonNode> result = new ArrayList<>();
        result.add(webhook.raw());
        for (String id : new TreeMap<>(config.connectors()).keySet()) {
            try {
                entry(id).ifPresent(e -> result.add(e.raw()));
            } catch (DependencyUnavailableException e) {
                Log.warnf("Component %s is left out of the catalogue: %s", id, e.getMessage());
            }
        }
        return result;
    }

    private Optional<Entry> entry(String componentId) {
        if (WEBHOOK.equals(componentId)) {
            return Optional.of(webhook);
        }
        FlowConfig.Connector connector = componentId == null ? null : config.connectors().get(componentId);
        if (connector == null) {
            return Optional.empty();
        }
        Entry cached = cache.get(componentId);
        Instant now = Instant.now();
        if (cached != null && cached.fetchedAt().plus(config.catalogue().refreshAfter()).isAfter(now)) {
            return Optional.of(cached);
        }
        try {
            Entry fresh = parse(connectorClient.component(connector.url()), now);
            cache.put(componentId, fresh);
            return Optional.of(fresh);
        } catch (RuntimeException e) {
            if (cached != null) {
                Log.warnf("Connector %s did not answer (%s); using its descriptor from %s",
                        componentId, e.getMessage(), cached.fetchedAt());
                return Optional.of(cached);
            }
            Log.warnf("Connector %s is unavailable: %s", componentId, e.getMessage());
            throw new DependencyUnavailableException("connector " + componentId + " is unavailable", e);
        }
    }

    private Entry parse(JsonNode raw, Instant fetchedAt) {
        try {
            return new Entry(raw, objectMapper.treeToValue(raw, ComponentDescriptor.class), fetchedAt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("component descriptor does not fit the connector protocol", e);
        }
    }

    private JsonNode read(String json) {
        try {
            return objectMapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Entry(JsonNode raw, ComponentDescriptor descriptor, Instant fetchedAt) {
    }
}
