package io.hookflow.executor.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** A published, immutable flow version as flow-service answers it on its internal API. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FlowVersion(String flowId, String workspace, String name, int version, List<FlowStep> steps,
                          JsonNode settings) {

    public FlowVersion {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }
}
