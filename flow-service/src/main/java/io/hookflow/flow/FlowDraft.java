package io.hookflow.flow;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** A flow's editable definition: its steps and per-flow settings (e.g. {@code rateLimitPerSecond}). */
public record FlowDraft(List<FlowStep> steps, ObjectNode settings) {

    /** The trigger step, which is always the first one. */
    public FlowStep trigger() {
        return steps.get(0);
    }
}
