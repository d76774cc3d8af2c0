package io.hookflow.executor.mapping;

/** Identifies one mapping expression: flow versions never change, so this pins its text for good. */
public record ExpressionKey(String flowId, int version, String stepId, String field) {
}
