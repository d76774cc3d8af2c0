package io.hookflow.ingress.client;

import com.fasterxml.jackson.databind.JsonNode;

/** What a sample request carried, as a webhook's event would: its body as JSON and its files' metadata. */
public record SampleCapture(JsonNode sample, JsonNode attachments, String contentType) {
}
