package io.hookflow.executor.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import io.hookflow.executor.ExecutionIds;

import java.time.Instant;

/** The part of a {@code webhook.received} message (docs/events.md) the executor needs. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebhookReceivedEvent(String requestId, String flowId, String workspace, Integer flowVersion,
                                   Instant receivedAt, JsonNode body) {

    /** The id of the execution this event is: {@code <flowId>-<requestId>} ({@link ExecutionIds}). */
    public String executionId() {
        return ExecutionIds.of(flowId, requestId);
    }
}
