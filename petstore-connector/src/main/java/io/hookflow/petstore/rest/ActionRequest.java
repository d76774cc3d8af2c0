package io.hookflow.petstore.rest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Body of {@code POST /actions/{action}} (docs/internal-api.md). {@code attachments} are the webhook's files
 * ({@code name, contentType, size, data} in base64); the Petstore's actions take no files and leave them unread.
 */
public record ActionRequest(JsonNode credentials, JsonNode input, String executionId, String stepId,
                            JsonNode attachments) {
}
