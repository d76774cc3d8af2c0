package io.hookflow.credential.rest;

import java.time.Instant;
import java.util.Map;

/** A credential as the admin API shows it: secret fields answered as {@code "****"}. */
public record CredentialResponse(String id, String name, String type, Map<String, Object> config,
                                 Instant createdAt, Instant updatedAt) {
}
