package io.hookflow.ingress.service;

/**
 * Why a webhook call was not accepted: the {@code reason} label of {@code hookflow_webhooks_received_total}. A fixed
 * set, so that the label stays bounded whatever callers send; {@link #NONE} marks an accepted call.
 */
public enum RefusalReason {

    NONE("none"),
    UNKNOWN_FLOW("unknown_flow"),
    UNAUTHENTICATED("unauthenticated"),
    RATE_LIMITED("rate_limited"),
    /** Too many failed authentications from one source address for the flow ({@link AuthFailureLimiter}). */
    AUTH_RATE_LIMITED("auth_rate_limited"),
    TOO_LARGE("too_large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type"),
    MALFORMED("malformed"),
    METHOD_NOT_ALLOWED("method_not_allowed"),
    /** Too many body bytes held at once ({@code ingress.max-body-bytes-in-flight}). */
    BUSY("busy"),
    /** The flow's webhook credential could not be fetched from credential-service. */
    CREDENTIALS_UNAVAILABLE("credentials_unavailable"),
    /** Kafka did not acknowledge the event in time. */
    BROKER_UNAVAILABLE("broker_unavailable"),
    INTERNAL_ERROR("internal_error"),
    OTHER("other");

    private final String label;

    RefusalReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The reason a status stands for when nothing more precise was said (the framework's own answers). */
    public static RefusalReason ofStatus(int status) {
        return switch (status) {
            case 400 -> MALFORMED;
            case 401 -> UNAUTHENTICATED;
            case 404 -> UNKNOWN_FLOW;
            case 405 -> METHOD_NOT_ALLOWED;
            case 413 -> TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMITED;
            case 503 -> BROKER_UNAVAILABLE;
            default -> status >= 200 && status < 300 ? NONE : status >= 500 ? INTERNAL_ERROR : OTHER;
        };
    }
}
