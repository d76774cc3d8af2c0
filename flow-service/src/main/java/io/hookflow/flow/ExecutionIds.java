package io.hookflow.flow;

/**
 * An execution's id: its flow's id and the webhook's requestId, {@code <flowId>-<requestId>}. A requestId is unique
 * within a flow (a resend of one webhook, with the same {@code x-request-id} or Standard Webhooks {@code webhook-id},
 * is the same execution and runs once), so two flows, and so two workspaces, never share an execution or a connector
 * idempotency key. The executor derives the same id (docs/adr/0006-execution-identity.md).
 */
public final class ExecutionIds {

    private ExecutionIds() {
    }

    public static String of(String flowId, String requestId) {
        return flowId + "-" + requestId;
    }
}
