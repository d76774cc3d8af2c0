package io.hookflow.flow.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookflow.flow.FlowStep;

import java.time.Instant;
import java.util.List;

/** One published version with its definition. */
public record VersionDetailResponse(
        int version, Instant publishedAt, String name, List<FlowStep> steps, ObjectNode settings) {
}
