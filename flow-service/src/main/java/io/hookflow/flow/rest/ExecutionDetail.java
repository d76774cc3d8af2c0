package io.hookflow.flow.rest;

import io.hookflow.flow.ExecutionStep;

import java.time.Instant;
import java.util.List;

/**
 * One execution: the summary of its latest attempt, that attempt's steps (where clients read them since before
 * attempts were kept) and every attempt, oldest first.
 */
public record ExecutionDetail(
        String id,
        String requestId,
        String flowId,
        Integer flowVersion,
        String status,
        int attempts,
        Instant receivedAt,
        Instant finishedAt,
        Long durationMs,
        Instant nextAttemptAt,
        String error,
        List<ExecutionStep> steps,
        List<ExecutionAttemptDetail> attemptHistory) {
}
