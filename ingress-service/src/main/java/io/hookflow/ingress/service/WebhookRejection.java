package io.hookflow.ingress.service;

import jakarta.ws.rs.core.Response;

import java.util.Map;

/** A webhook call answered with an error status; the exception mapper turns it into {@code {"error":...}}. */
public class WebhookRejection extends RuntimeException {

    private final int status;
    private final RefusalReason reason;
    private final Map<String, String> headers;

    /** A refusal whose reason is the one its status stands for ({@link RefusalReason#ofStatus}). */
    public WebhookRejection(Response.Status status, String message) {
        this(status.getStatusCode(), RefusalReason.ofStatus(status.getStatusCode()), message, Map.of(), null);
    }

    public WebhookRejection(int status, RefusalReason reason, String message, Map<String, String> headers,
                            Throwable cause) {
        super(message, cause, false, false);
        this.status = status;
        this.reason = reason;
        this.headers = Map.copyOf(headers);
    }

    public static WebhookRejection flowNotFound(String flowId) {
        return new WebhookRejection(Response.Status.NOT_FOUND,
                "Flow " + flowId + " either does not exist or is inactive");
    }

    public static WebhookRejection rateLimited(String flowId, int perSecond, long retryAfterSeconds) {
        return new WebhookRejection(429, RefusalReason.RATE_LIMITED, "Flow " + flowId + " takes at most " + perSecond
                + " webhooks per second; retry later", Map.of("Retry-After", Long.toString(retryAfterSeconds)), null);
    }

    public static WebhookRejection authRateLimited(String flowId, long retryAfterSeconds) {
        return new WebhookRejection(429, RefusalReason.AUTH_RATE_LIMITED, "Too many failed authentications from this"
                + " address for flow " + flowId + "; retry later", Map.of("Retry-After", Long.toString(retryAfterSeconds)),
                null);
    }

    public static WebhookRejection unavailable(RefusalReason reason, String message, int retryAfterSeconds,
                                               Throwable cause) {
        return new WebhookRejection(503, reason, message, Map.of("Retry-After", Integer.toString(retryAfterSeconds)),
                cause);
    }

    public int status() {
        return status;
    }

    /** Why the call is refused, for the metrics. */
    public RefusalReason reason() {
        return reason;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
