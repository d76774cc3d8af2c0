package io.hookflow.flow.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Map;

/**
 * The topics and headers of the executor's retry protocol (docs/retries.md, docs/events.md), as flow-service writes
 * them to run a failed execution again or to replay a dead letter.
 */
public final class RetryMessages {

    public static final String WEBHOOK_TOPIC = "webhook.received";
    public static final String DEFERRED_TOPIC = "execution.deferred";
    public static final String RETRY_HEADER = "hookflow-retry";
    public static final String ERROR_HEADER = "hookflow-error";
    public static final String FAILED_STEP_HEADER = "hookflow-failed-step";

    private static final ObjectMapper JSON = new ObjectMapper();

    private RetryMessages() {
    }

    /**
     * The headers that make the original message a manual retry on {@code execution.deferred}: attempt
     * {@code attempt}, due at {@code dueAt}, no step calls counted yet, and {@code manual}: an operator asked for
     * it, which the executor honours (a new attempt after the execution had failed).
     */
    public static Map<String, String> manualRetry(int attempt, Instant dueAt) {
        ObjectNode state = JSON.createObjectNode()
                .put("attempt", attempt)
                .put("nextAttemptAt", dueAt.toEpochMilli());
        state.putObject("stepAttempts");
        state.put("manual", true);
        return Map.of(RETRY_HEADER, state.toString());
    }
}
