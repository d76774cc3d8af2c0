package io.hookflow.flow.rest;

import io.hookflow.flow.ExecutionStep;

import java.time.Instant;
import java.util.List;

/** One execution with its error and the result of each step. */
public record ExecutionDetail(
        String id,
        String flowId,
        Integer flowVersion,
        String status,
        int attempts,
        Instant receivedAt,
        Instant finishedAt,
        Long durationMs,
        Instant nextAttemptAt,
        String error,
        List<ExecutionStep> steps) {
}
