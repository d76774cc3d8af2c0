package io.hookflow.ingress;

import java.util.List;
import java.util.Map;

/**
 * One incoming webhook call as authenticators and the event builder see it.
 *
 * @param extraPath the path after {@code /hook/{flowId}/}, empty when none
 * @param headers   lower-cased header names to their values, in arrival order
 * @param query     query parameters to their values, in arrival order
 * @param rawBody   the body exactly as received (HMAC is computed over it), empty for GET
 */
public record WebhookRequest(String flowId, String method, String extraPath, String contentType,
                             Map<String, List<String>> headers, Map<String, List<String>> query,
                             byte[] rawBody) {

    /** The first value of a header, by its lower-case name, or null. */
    public String header(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
