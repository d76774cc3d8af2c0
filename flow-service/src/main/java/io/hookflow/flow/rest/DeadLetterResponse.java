package io.hookflow.flow.rest;

import java.time.Instant;

/** A dead letter in the list: what died, why and when, and how often it was replayed; not its message. */
public record DeadLetterResponse(
        String id,
        String flowId,
        String executionId,
        String requestId,
        String reason,
        String failedStep,
        Instant deadAt,
        Instant replayedAt,
        int replays,
        int size) {
}
