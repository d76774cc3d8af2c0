package io.hookflow.flow.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookflow.flow.FlowStep;

import java.util.List;

/** Body of {@code POST /api/v1/flows} and {@code PUT /api/v1/flows/{id}}: the flow's name and draft. */
public record FlowRequest(String name, String description, List<FlowStep> steps, JsonNode settings) {
}
