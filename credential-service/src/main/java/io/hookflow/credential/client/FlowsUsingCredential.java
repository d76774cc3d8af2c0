package io.hookflow.credential.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** flow-service's answer: the active flows whose live version uses a credential in any step. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FlowsUsingCredential(String credentialId, List<ActiveFlow> activeFlows) {

    /** One active flow, as much of it as a refusal message needs. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ActiveFlow(String id, String name) {
    }
}
