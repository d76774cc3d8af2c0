package io.hookflow.flow.rest;

/**
 * What a flow's retry queued: {@code queued} executions now retrying, {@code skipped} failed ones whose original
 * webhook is not stored (not retried), and {@code more}: whether failed executions that can be retried are left
 * (one call queues at most {@code flow.retry.max-per-request}); call again to queue them.
 */
public record BulkRetryResponse(int queued, long skipped, boolean more) {
}
