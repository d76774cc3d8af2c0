package io.hookflow.ingress;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A webhook credential as credential-service's internal endpoint answers it. {@code config} holds
 * decrypted secrets: keep it in memory only, never log it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebhookCredential(String id, String workspace, String type, JsonNode config) {

    @Override
    public String toString() {
        return "WebhookCredential[id=" + id + ", workspace=" + workspace + ", type=" + type + ", config=****]";
    }
}
