package io.hookflow.flow.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A credential as flow-service sees it: whose it is and of which type, never its config. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CredentialSummary(String id, String workspace, String name, String type) {
}
