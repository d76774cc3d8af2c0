package io.hookflow.executor.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.hookflow.executor.ExecutionStatus;

import java.time.Instant;

/**
 * One step of an {@code execution.recorded} message. {@code attempts} counts the calls of the step so far, over
 * all attempts of the execution; {@code note} says why input and output are missing, when they are.
 */
public record StepRecord(String stepId, String name, ExecutionStatus status, Instant startedAt, Instant finishedAt,
                         JsonNode input, JsonNode output, String error, int attempts,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String note) {

    public StepRecord(String stepId, String name, ExecutionStatus status, Instant startedAt, Instant finishedAt,
                      JsonNode input, JsonNode output, String error, int attempts) {
        this(stepId, name, status, startedAt, finishedAt, input, output, error, attempts, null);
    }
}
