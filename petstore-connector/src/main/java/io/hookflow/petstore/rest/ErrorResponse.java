package io.hookflow.petstore.rest;

/** Every error body: {@code {"error":"<human sentence>"}}. */
public record ErrorResponse(String error) {
}
