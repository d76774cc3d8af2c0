package io.hookflow.dev.petstore.rest;

/** Every error body: {@code {"error":"<human sentence>"}}. */
public record ErrorResponse(String error) {
}
