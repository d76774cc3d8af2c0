package io.hookflow.petstore.rest;

import com.fasterxml.jackson.databind.JsonNode;

/** Body of {@code POST /verify}: {@code {"credentials":{"apiKey":"…"}}}. */
public record VerifyRequest(JsonNode credentials) {
}
