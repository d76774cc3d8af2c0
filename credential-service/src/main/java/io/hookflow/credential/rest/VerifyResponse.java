package io.hookflow.credential.rest;

/** Answer of {@code POST /api/v1/credentials/{id}/verify}. */
public record VerifyResponse(boolean verified, String message) {
}
