package io.hookflow.admin;

/**
 * What {@link AdminClient#ensureActiveFlow} found or did: the flow's id, whether it created the flow, the version
 * it published (0 when the flow had one already) and whether it started the flow.
 */
public record ActiveFlow(String id, boolean created, int publishedVersion, boolean started) {
}
