package io.hookflow.executor.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookflow.executor.event.WebhookReceivedEvent.Attachment;

import java.util.List;

/**
 * The body of a connector's {@code POST /actions/{action}} call (contract section 7, docs/internal-api.md): the step's
 * credential, its mapped input, and the files the webhook carried ({@code name, contentType, size, data} with the
 * bytes in base64), an empty list when it carried none.
 */
public record ActionRequest(JsonNode credentials, JsonNode input, String executionId, String stepId,
                            List<Attachment> attachments) {

    /** Never prints the credentials. */
    @Override
    public String toString() {
        return "ActionRequest[executionId=" + executionId + ", stepId=" + stepId + ", credentials=****, attachments=" + (attachments == null ? 0 : attachments.size()) + "]";
    }
}
