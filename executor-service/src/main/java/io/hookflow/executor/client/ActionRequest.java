package io.hookflow.executor.client;

import com.fasterxml.jackson.databind.JsonNode;

/** The body of a connector's {@code POST /actions/{action}} call (contract section 7). */
public record ActionRequest(JsonNode credentials, JsonNode input, String executionId, String stepId) {

    /** Never prints the credentials. */
    @Override
    public String toString() {
        return "ActionRequest[executionId=" + executionId + ", stepId=" + stepId + ", credentials=****]";
    }
}
