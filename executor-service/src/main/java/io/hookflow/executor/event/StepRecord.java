package io.hookflow.executor.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookflow.executor.ExecutionStatus;

import java.time.Instant;

/** One step of an {@code execution.recorded} message. */
public record StepRecord(String stepId, String name, ExecutionStatus status, Instant startedAt, Instant finishedAt,
                         JsonNode input, JsonNode output, String error) {
}
