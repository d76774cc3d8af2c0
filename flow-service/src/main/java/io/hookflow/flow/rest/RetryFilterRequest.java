package io.hookflow.flow.rest;

/**
 * Which of a flow's executions to retry: {@code status} (only {@code failed}, the default), received at
 * {@code from} or later and before {@code to} (ISO-8601 instants, each optional). An unknown field is refused
 * rather than ignored (rest/FlowExecutionResource): a misspelt bound must not widen the retry to every failed
 * execution.
 */
public record RetryFilterRequest(String status, String from, String to) {
}
