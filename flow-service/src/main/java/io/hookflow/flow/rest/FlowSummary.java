package io.hookflow.flow.rest;

import java.time.Instant;

/** A flow in {@code GET /api/v1/flows}: no draft and no steps ({@code GET /api/v1/flows/{id}} has everything). */
public record FlowSummary(
        String id,
        String name,
        String status,
        Integer activeVersion,
        Integer latestVersion,
        String webhookUrl,
        Instant createdAt,
        Instant updatedAt) {
}
