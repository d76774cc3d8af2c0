package io.hookflow.flow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** The result of one step within an execution, as the executor reported it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExecutionStep(
        String stepId,
        String name,
        String status,
        Instant startedAt,
        Instant finishedAt,
        JsonNode input,
        JsonNode output,
        JsonNode error,
        Integer attempts,
        @JsonInclude(JsonInclude.Include.NON_NULL) String note) {
}
