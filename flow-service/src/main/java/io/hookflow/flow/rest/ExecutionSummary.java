package io.hookflow.flow.rest;

import java.time.Instant;

/** An execution in a flow's execution list. */
public record ExecutionSummary(
        String id,
        String requestId,
        String flowId,
        Integer flowVersion,
        String status,
        int attempts,
        Instant receivedAt,
        Instant finishedAt,
        Long durationMs) {
}
