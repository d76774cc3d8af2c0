package io.hookflow.executor.event;

import io.hookflow.executor.ExecutionStatus;

import java.time.Instant;
import java.util.List;

/** An {@code execution.recorded} message (docs/events.md): the state of one execution, keyed by requestId. */
public record ExecutionRecordedEvent(String requestId, String flowId, String workspace, Integer flowVersion,
                                     ExecutionStatus status, Instant receivedAt, Instant startedAt,
                                     Instant finishedAt, String error, List<StepRecord> steps) {

    public ExecutionRecordedEvent {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }
}
