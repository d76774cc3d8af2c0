package io.hookflow.flow;

import java.util.List;

/**
 * A {@code webhook.received} message as the executor dead-lettered it, without the executor's own
 * {@code hookflow-*} headers: what a replay or a retry sends again, unchanged.
 */
public record OriginalMessage(byte[] key, byte[] value, List<MessageHeader> headers) {

    public OriginalMessage {
        headers = headers == null ? List.of() : List.copyOf(headers);
    }
}
