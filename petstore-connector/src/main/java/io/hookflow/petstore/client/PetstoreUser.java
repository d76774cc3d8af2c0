package io.hookflow.petstore.client;

/** The Petstore's answer to {@code GET /v2/user/me}. */
public record PetstoreUser(String username) {
}
