package io.hookflow.flow.rest;

/** Every error answer: {@code {"error":"<human sentence>"}}. */
public record ErrorResponse(String error) {
}
