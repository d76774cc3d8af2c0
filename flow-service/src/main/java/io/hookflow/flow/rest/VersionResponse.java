package io.hookflow.flow.rest;

import java.time.Instant;

/** A published version in lists and as the answer of publish. */
public record VersionResponse(int version, Instant publishedAt) {
}
