package io.hookflow.executor.service;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which flows are stopped or deleted, from {@code flow.changed}: an execution waiting for another attempt of a
 * flow that was stopped is not tried again. A flow the executor has not heard of counts as running.
 */
@ApplicationScoped
public class FlowStates {

    private final Map<String, Boolean> stopped = new ConcurrentHashMap<>();

    public void changed(String flowId, String status) {
        if ("active".equals(status)) {
            stopped.remove(flowId);
        } else {
            stopped.put(flowId, Boolean.TRUE);
        }
    }

    public void deleted(String flowId) {
        stopped.put(flowId, Boolean.TRUE);
    }

    public boolean stopped(String flowId) {
        return stopped.containsKey(flowId);
    }
}
