package io.hookflow.executor.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** The part of a {@code webhook.received} message (docs/events.md) the executor needs. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebhookReceivedEvent(String requestId, String flowId, String workspace, Integer flowVersion,
                                   Instant receivedAt, JsonNode body) {
}
