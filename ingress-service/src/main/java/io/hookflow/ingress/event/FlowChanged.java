package io.hookflow.ingress.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/** Ingress's own reading of a {@code flow.changed} message (docs/events.md); unknown fields are ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FlowChanged(String eventId, String flowId, String workspace, String name, String status,
                          Integer activeVersion, Webhook webhook, JsonNode settings, String occurredAt) {

    /** The flow's webhook trigger step and the credential that protects it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Webhook(String stepId, String credentialId) {
    }
}
