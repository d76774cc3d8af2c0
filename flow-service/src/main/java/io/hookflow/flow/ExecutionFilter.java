package io.hookflow.flow;

import java.time.Instant;

/**
 * Which of a flow's executions a list shows: those with the status (any when null) received at {@code from} or
 * later (no lower bound when null) and before {@code to} (no upper bound when null).
 */
public record ExecutionFilter(ExecutionStatus status, Instant from, Instant to) {

    /** Every execution. */
    public static final ExecutionFilter ALL = new ExecutionFilter(null, null, null);
}
