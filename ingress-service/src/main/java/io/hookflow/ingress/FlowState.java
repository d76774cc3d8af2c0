package io.hookflow.ingress;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What ingress knows about a flow, taken from the latest {@code flow.changed} message.
 *
 * @param webhookCredentialId the credential that authenticates the flow's webhook, null when none is set
 * @param settings            per-flow options (e.g. rateLimitPerSecond, rawData), never null
 */
public record FlowState(String flowId, String workspace, String status, Integer activeVersion,
                        String webhookStepId, String webhookCredentialId, JsonNode settings) {

    public static final String ACTIVE = "active";

    /** A flow takes webhooks when it is active and has a live version to run them with. */
    public boolean isActive() {
        return ACTIVE.equals(status) && activeVersion != null;
    }

    /** Whether the flow takes every body as text ({@code settings.rawData: true}) instead of parsing it by type. */
    public boolean rawData() {
        return settings.path("rawData").asBoolean(false);
    }
}
