package io.hookflow.flow.rest;

import io.hookflow.flow.ExecutionStep;

import java.time.Instant;
import java.util.List;

/** One attempt of an execution with its error and the result of each step. */
public record ExecutionAttemptDetail(
        int attempt,
        String status,
        Instant startedAt,
        Instant finishedAt,
        String error,
        List<ExecutionStep> steps) {
}
