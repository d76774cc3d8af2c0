package io.hookflow.flow.rest;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/** One dead letter with the message that died: its key, headers (but the executor's) and value, read as JSON. */
public record DeadLetterDetail(
        String id,
        String flowId,
        String executionId,
        String requestId,
        Integer flowVersion,
        String reason,
        String failedStep,
        Instant deadAt,
        Instant replayedAt,
        int replays,
        int size,
        Message message) {

    /** The original message; {@code value} is the event as JSON (a JSON string when it is no JSON). */
    public record Message(String key, List<Header> headers, JsonNode value) {
    }

    /** One header, its value as text. */
    public record Header(String key, String value) {
    }
}
