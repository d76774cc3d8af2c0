package io.hookflow.credential.rest;

/** What flow-service needs to check a flow's credential reference: no config at all. */
public record CredentialSummaryResponse(String id, String workspace, String name, String type) {
}
