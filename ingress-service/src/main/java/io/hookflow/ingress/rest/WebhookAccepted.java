package io.hookflow.ingress.rest;

/** The answer to an accepted webhook. */
public record WebhookAccepted(String requestId, String message) {

    public static WebhookAccepted of(String requestId) {
        return new WebhookAccepted(requestId, "thank you");
    }
}
