package io.hookflow.flow.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.flow.config.FlowConfig;
import io.hookflow.flow.service.DependencyUnavailableException;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.io.UncheckedIOException;

/**
 * Sends {@code flow.changed} events keyed by flow id and waits for Kafka's acknowledgement, so that a
 * caller answering after {@link #announce} knows ingress and executor will learn of the change.
 */
@ApplicationScoped
public class FlowEventProducer {

    private final MutinyEmitter<Record<String, String>> emitter;
    private final ObjectMapper objectMapper;
    private final FlowConfig config;

    public FlowEventProducer(@Channel("flow-changed") MutinyEmitter<Record<String, String>> emitter,
                             ObjectMapper objectMapper, FlowConfig config) {
        this.emitter = emitter;
        this.objectMapper = objectMapper;
        this.config = config;
    }

    /**
     * Sends the flow's live state.
     *
     * @throws DependencyUnavailableException when Kafka does not acknowledge in time
     */
    public void announce(FlowChangedEvent event) {
        send(event.flowId(), json(event));
        Log.infof("Announced flow %s as %s (version %s)", event.flowId(), event.status(), event.activeVersion());
    }

    /**
     * Sends the deleted state followed by a tombstone, so compaction eventually drops the flow.
     *
     * @throws DependencyUnavailableException when Kafka does not acknowledge in time
     */
    public void announceDeleted(FlowChangedEvent deleted) {
        send(deleted.flowId(), json(deleted));
        send(deleted.flowId(), null);
        Log.infof("Announced flow %s as deleted", deleted.flowId());
    }

    private void send(String flowId, String value) {
        try {
            emitter.send(Record.of(flowId, value)).await().atMost(config.events().sendTimeout());
        } catch (RuntimeException e) {
            Log.warnf("Kafka did not acknowledge flow.changed for flow %s: %s", flowId, e.getMessage());
            throw new DependencyUnavailableException("Kafka is unavailable", e);
        }
    }

    private String json(FlowChangedEvent event) {
        try {
            return objectMapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
