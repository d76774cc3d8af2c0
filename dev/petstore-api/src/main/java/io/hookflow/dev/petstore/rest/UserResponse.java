package io.hookflow.dev.petstore.rest;

/** Body of {@code GET /v2/user/me}: the user the API key belongs to. */
public record UserResponse(String username) {
}
