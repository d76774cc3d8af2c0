package io.hookflow.executor.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookflow.executor.ExecutionIds;

import java.time.Instant;
import java.util.List;

/**
 * The part of a {@code webhook.received} message (docs/events.md) the executor needs. Its {@code attachments} are
 * read whole: mappings see their metadata ({@link #attachmentsMetadata()}), and each action call hands them, bytes
 * included, to the step's connector ({@code ActionRequest.attachments}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebhookReceivedEvent(String requestId, String flowId, String workspace, Integer flowVersion,
                                   Instant receivedAt, JsonNode body, List<Attachment> attachments) {

    /** A file the webhook carried: its bytes are {@code data}, base64 as the ingress wrote them. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Attachment(String name, String contentType, long size, String data) {

        /** Never prints the bytes. */
        @Override
        public String toString() {
            return "Attachment[name=" + name + ", contentType=" + contentType + ", size=" + size + "]";
        }
    }

    /** The attachments as connectors receive them, with their bytes; an empty list when there are none. */
    public List<Attachment> attachmentsWithData() {
        return attachments == null ? List.of()
                : attachments.stream().filter(java.util.Objects::nonNull).toList();
    }

    /** The id of the execution this event is: {@code <flowId>-<requestId>} ({@link ExecutionIds}). */
    public String executionId() {
        return ExecutionIds.of(flowId, requestId);
    }

    /**
     * The attachments' metadata as mappings read it ({@code $attachments}): an array of
     * {@code {"name","contentType","size"}}, empty when the webhook carried no files.
     */
    public ArrayNode attachmentsMetadata() {
        ArrayNode metadata = JsonNodeFactory.instance.arrayNode();
        if (attachments != null) {
            for (Attachment attachment : attachments) {
                if (attachment == null) {
                    continue;
                }
                ObjectNode item = metadata.addObject();
                item.put("name", attachment.name());
                item.put("contentType", attachment.contentType());
                item.put("size", attachment.size());
            }
        }
        return metadata;
    }
}
