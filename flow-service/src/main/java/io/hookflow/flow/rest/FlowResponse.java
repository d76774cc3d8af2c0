package io.hookflow.flow.rest;

import io.hookflow.flow.FlowDraft;

import java.time.Instant;

/** A flow as the admin API shows it. */
public record FlowResponse(
        String id,
        String name,
        String description,
        String status,
        Integer activeVersion,
        FlowDraft draft,
        String webhookUrl,
        Instant createdAt,
        Instant updatedAt) {
}
