package io.hookflow.credential.rest;

/** Every error this service answers: {@code {"error":"<human sentence>"}}. */
public record ErrorResponse(String error) {
}
