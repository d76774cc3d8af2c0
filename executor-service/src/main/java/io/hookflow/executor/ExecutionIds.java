package io.hookflow.executor;

/**
 * An execution's id: its flow's id and the webhook's requestId, {@code <flowId>-<requestId>}, as flow-service derives
 * it. A resend of one webhook to the same flow (same requestId) is the same execution; the same requestId sent to
 * two flows makes two executions, with connector idempotency keys of their own.
 */
public final class ExecutionIds {

    private ExecutionIds() {
    }

    public static String of(String flowId, String requestId) {
        return flowId + "-" + requestId;
    }
}
