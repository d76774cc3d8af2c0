package io.hookflow.ingress.service;

import io.hookflow.ingress.FlowState;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The in-memory view of every flow's live state, fed from the compacted {@code flow.changed} topic.
 * Webhook requests read only this map, never a database.
 */
@ApplicationScoped
public class FlowRegistry {

    private final ConcurrentMap<String, FlowState> flows = new ConcurrentHashMap<>();

    /** The flow if it exists and takes webhooks, else null. */
    public FlowState active(String flowId) {
        FlowState flow = flowId == null ? null : flows.get(flowId);
        return flow != null && flow.isActive() ? flow : null;
    }

    public void put(FlowState flow) {
        flows.put(flow.flowId(), flow);
    }

    public void remove(String flowId) {
        flows.remove(flowId);
    }
}
