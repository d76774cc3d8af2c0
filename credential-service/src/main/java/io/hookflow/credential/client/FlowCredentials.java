package io.hookflow.credential.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** flow-service's answer: a flow version's (or draft's) workspace and the credentials its steps reference. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FlowCredentials(String flowId, String workspace, List<String> credentialIds) {
}
