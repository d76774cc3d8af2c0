package io.hookflow.flow;

import java.time.Instant;

/**
 * What a list of flows shows of each: no draft, read without it.
 *
 * @param latestVersion the highest published version, null while nothing is published
 */
public record FlowListing(String id, String name, FlowStatus status, Integer activeVersion, Integer latestVersion,
                          Instant createdAt, Instant updatedAt) {
}
