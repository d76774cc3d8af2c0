package io.hookflow.ingress.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A one-time sample-request URL as flow-service knows it: the draft's webhook step it fills, and the credential that
 * authenticates it like the flow's real webhook.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SampleRequest(String flowId, String stepId, String workspace, String credentialId, boolean rawData) {
}
