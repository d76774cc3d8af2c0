package io.hookflow.ingress.rest;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.nio.charset.StandardCharsets;

/**
 * The answer to an accepted webhook: the requestId (the caller's {@code x-request-id} when valid) and the id of the
 * execution it starts, {@code <flowId>-<requestId>}, under which the admin API shows the run
 * (docs/adr/0006-execution-identity.md).
 */
public record WebhookAccepted(String requestId, String executionId, String message) {

    private static final String MESSAGE = "thank you";

    public static WebhookAccepted of(String flowId, String requestId) {
        return new WebhookAccepted(requestId, executionId(flowId, requestId), MESSAGE);
    }

    /** The execution's id, as the executor and flow-service derive it. */
    public static String executionId(String flowId, String requestId) {
        return flowId + "-" + requestId;
    }

    /**
     * The answer's JSON, {@code {"requestId":"...","executionId":"...","message":"thank you"}}, written without a
     * serialiser: a request id is always 32 hex characters, and a flow id that needs no escaping (every id
     * flow-service makes) is copied as it is.
     */
    public static byte[] json(String flowId, String requestId) {
        String flow = plain(flowId) ? flowId : new String(JsonStringEncoder.getInstance().quoteAsString(flowId));
        return ("{\"requestId\":\"" + requestId + "\",\"executionId\":\"" + flow + "-" + requestId
                + "\",\"message\":\"" + MESSAGE + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static boolean plain(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
