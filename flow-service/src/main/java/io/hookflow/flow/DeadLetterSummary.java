package io.hookflow.flow;

import java.time.Instant;

/** A dead letter without its message, as lists show it. */
public record DeadLetterSummary(String id, String flowId, String executionId, String requestId, String reason,
                                String failedStep, Instant deadAt, Instant replayedAt, int replays, int size) {
}
