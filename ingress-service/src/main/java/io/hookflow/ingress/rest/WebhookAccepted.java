package io.hookflow.ingress.rest;

import java.nio.charset.StandardCharsets;

/** The answer to an accepted webhook. */
public record WebhookAccepted(String requestId, String message) {

    private static final String MESSAGE = "thank you";

    public static WebhookAccepted of(String requestId) {
        return new WebhookAccepted(requestId, MESSAGE);
    }

    /**
     * The answer's JSON, {@code {"requestId":"...","message":"thank you"}}, written without a serialiser: a request id
     * is always 32 hex characters, so there is nothing to escape.
     */
    public static byte[] json(String requestId) {
        return ("{\"requestId\":\"" + requestId + "\",\"message\":\"" + MESSAGE + "\"}").getBytes(StandardCharsets.US_ASCII);
    }
}
