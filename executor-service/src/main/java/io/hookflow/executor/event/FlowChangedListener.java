package io.hookflow.executor.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.executor.service.FlowStates;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps {@link FlowStates} in step with {@code flow.changed}: every instance reads the whole compacted topic
 * (own group, earliest offset, nothing committed).
 */
@ApplicationScoped
public class FlowChangedListener {

    private final FlowStates states;
    private final ObjectMapper mapper;

    FlowChangedListener(FlowStates states, ObjectMapper mapper) {
        this.states = states;
        this.mapper = mapper;
    }

    @Incoming("flow-changed")
    public void onFlowChanged(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            if (record.key() != null) {
                states.deleted(record.key());
            }
            return;
        }
        try {
            FlowChanged event = mapper.readValue(record.value(), FlowChanged.class);
            String flowId = event.flowId() != null ? event.flowId() : record.key();
            if (flowId != null && event.status() != null) {
                states.changed(flowId, event.status());
            }
        } catch (Exception e) {
            // a bad message must not stop the channel
            Log.warnf("Skipping an unreadable flow.changed message at partition %d offset %d", record.partition(),
                    record.offset());
        }
    }

    /** The executor's reading of a {@code flow.changed} message. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record FlowChanged(String flowId, String status) {
    }
}
