package io.hookflow.executor.event;

import io.hookflow.executor.ExecutionStatus;

import java.time.Instant;
import java.util.List;

/**
 * An {@code execution.recorded} message (docs/events.md): the state of one execution, named by its
 * {@code executionId} ({@code <flowId>-<requestId>}); {@code requestId} is the webhook's, as the caller knows it.
 * {@code attempts} is the number of the attempt this record is about (1 for the first); {@code nextAttemptAt} is
 * set while the execution is {@code retrying}.
 */
public record ExecutionRecordedEvent(String executionId, String requestId, String flowId, String workspace,
                                     Integer flowVersion, ExecutionStatus status, Instant receivedAt, Instant startedAt,
                                     Instant finishedAt, String error, int attempts, Instant nextAttemptAt,
                                     List<StepRecord> steps) {

    public ExecutionRecordedEvent {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** The same record without the steps' input and output: for a record too large for Kafka. */
    public ExecutionRecordedEvent withoutRunData() {
        String note = "The run data of this execution was too large to record";
        return new ExecutionRecordedEvent(executionId, requestId, flowId, workspace, flowVersion, status, receivedAt,
                startedAt, finishedAt, error, attempts, nextAttemptAt,
                steps.stream().map(s -> new StepRecord(s.stepId(), s.name(), s.status(), s.startedAt(),
                        s.finishedAt(), null, null, s.error(), s.attempts(), note)).toList());
    }
}
