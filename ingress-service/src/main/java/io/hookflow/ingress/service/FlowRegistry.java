package io.hookflow.ingress.service;

import io.hookflow.ingress.FlowState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The in-memory view of every flow's live state, fed from the compacted {@code flow.changed} topic.
 * Webhook requests read only this map, never a database. Its size is the gauge
 * {@code hookflow_flow_registry_flows{state="active"|"inactive"}}, counted when scraped.
 */
@Startup
@ApplicationScoped
public class FlowRegistry {

    private final ConcurrentMap<String, FlowState> flows = new ConcurrentHashMap<>();

    public FlowRegistry(MeterRegistry registry) {
        Gauge.builder("hookflow.flow.registry.flows", this, r -> r.count(true))
                .description("Flows this ingress knows from flow.changed, by whether they take webhooks")
                .tag("state", "active")
                .register(registry);
        Gauge.builder("hookflow.flow.registry.flows", this, r -> r.count(false))
                .description("Flows this ingress knows from flow.changed, by whether they take webhooks")
                .tag("state", "inactive")
                .register(registry);
    }

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

    private double count(boolean active) {
        long count = 0;
        for (FlowState flow : flows.values()) {
            if (flow.isActive() == active) {
                count++;
            }
        }
        return count;
    }
}
