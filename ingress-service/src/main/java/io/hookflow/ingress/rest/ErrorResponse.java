package io.hookflow.ingress.rest;

/** Every error answer: {@code {"error":"<human sentence>"}}. */
public record ErrorResponse(String error) {
}
