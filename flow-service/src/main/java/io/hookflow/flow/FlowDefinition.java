package io.hookflow.flow;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** What a published version holds: the flow's name, steps and settings at the time of publishing. */
public record FlowDefinition(String name, List<FlowStep> steps, ObjectNode settings) {

    /** The trigger step, which is always the first one. */
    public FlowStep trigger() {
        return steps.get(0);
    }
}
