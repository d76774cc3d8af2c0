package io.hookflow.flow.event;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/** The {@code flow.changed} message: a flow's live state (docs/events.md). */
public record FlowChangedEvent(
        String eventId,
        String flowId,
        String workspace,
        String name,
        String status,
        Integer activeVersion,
        Webhook webhook,
        ObjectNode settings,
        Instant occurredAt) {

    public static final String DELETED = "deleted";

    /** The live trigger step: which step it is and which webhook credential guards it. */
    public record Webhook(String stepId, String credentialId) {
    }
}
