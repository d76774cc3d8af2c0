package io.hookflow.platform;

/** Every error a Hookflow service answers: {@code {"error":"<human sentence>"}}. */
public record ErrorResponse(String error) {
}
