package io.hookflow.ingress.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Map;

/** The {@code webhook.received} message (docs/events.md), one per accepted webhook. */
public record WebhookReceived(String requestId, String flowId, String workspace, Integer flowVersion,
                              Instant receivedAt, String method, String path, String contentType,
                              Map<String, String> headers, ObjectNode query, JsonNode body) {
}
