package io.hookflow.petstore.rest;

import com.fasterxml.jackson.databind.JsonNode;

/** Body of {@code POST /actions/{action}}. */
public record ActionRequest(JsonNode credentials, JsonNode input, String executionId, String stepId) {
}
