package io.hookflow.ingress.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.hookflow.ingress.FlowState;
import io.hookflow.ingress.service.FlowRegistry;
import io.hookflow.ingress.service.RateLimiter;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the {@link FlowRegistry} in step with {@code flow.changed}. Every instance reads the whole compacted
 * topic from the beginning (own consumer group, earliest offset); a tombstone or a {@code deleted} status
 * removes the flow.
 */
@ApplicationScoped
public class FlowChangedListener {

    static final String DELETED = "deleted";

    private final FlowRegistry registry;
    private final ObjectMapper mapper;
    private final RateLimiter rateLimiter;

    public FlowChangedListener(FlowRegistry registry, ObjectMapper mapper, RateLimiter rateLimiter) {
        this.registry = registry;
        this.mapper = mapper;
        this.rateLimiter = rateLimiter;
    }

    @Incoming("flow-changed")
    public void onFlowChanged(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            if (record.key() != null) {
                registry.remove(record.key());
                rateLimiter.forget(record.key());
                Log.debugf("flow %s removed (tombstone)", record.key());
            }
            return;
        }
        FlowChanged event;
        try {
            event = mapper.readValue(record.value(), FlowChanged.class);
        } catch (Exception e) {
            // A bad message must not stop the registry; skip it and say where it is.
            Log.errorf("skipping unreadable flow.changed message at %s-%d@%d: %s",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            return;
        }
        String flowId = event.flowId() != null ? event.flowId() : record.key();
        if (flowId == null) {
            Log.errorf("skipping flow.changed message without flow id at %s-%d@%d",
                    record.topic(), record.partition(), record.offset());
            return;
        }
        if (DELETED.equals(event.status())) {
            registry.remove(flowId);
            rateLimiter.forget(flowId);
            Log.debugf("flow %s removed (deleted)", flowId);
            return;
        }
        registry.put(new FlowState(flowId, event.workspace(), event.status(), event.activeVersion(),
                event.webhook() == null ? null : event.webhook().stepId(),
                event.webhook() == null ? null : event.webhook().credentialId(),
                event.settings() == null ? JsonNodeFactory.instance.objectNode() : event.settings()));
        Log.debugf("flow %s is %s (version %s)", flowId, event.status(), event.activeVersion());
    }
}
