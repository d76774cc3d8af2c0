package io.hookflow.flow.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookflow.flow.FlowStep;

import java.util.List;

/** A published version for executors (docs/internal-api.md). */
public record InternalVersionResponse(
        String flowId, String workspace, String name, int version, List<FlowStep> steps, ObjectNode settings) {
}
