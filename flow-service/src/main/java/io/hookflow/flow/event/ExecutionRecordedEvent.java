package io.hookflow.flow.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import io.hookflow.flow.ExecutionStep;

import java.time.Instant;
import java.util.List;

/**
 * The {@code execution.recorded} message: the state of one attempt of an execution as the executor reports it
 * (docs/events.md). {@code executionId} is absent in messages of executors that predate it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExecutionRecordedEvent(
        String executionId,
        String requestId,
        String flowId,
        String workspace,
        Integer flowVersion,
        String status,
        Instant receivedAt,
        Instant startedAt,
        Instant finishedAt,
        JsonNode error,
        Integer attempts,
        Instant nextAttemptAt,
        List<ExecutionStep> steps) {
}
