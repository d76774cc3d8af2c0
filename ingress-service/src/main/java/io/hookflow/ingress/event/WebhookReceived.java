package io.hookflow.ingress.event;

import io.hookflow.ingress.WebhookAttachment;
import io.hookflow.ingress.WebhookBody;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code webhook.received} message (docs/events.md), one per accepted webhook, as {@link WebhookEventWriter}
 * writes it.
 *
 * @param receivedAtMillis  when ingress received the call (epoch milliseconds), written as an ISO-8601 instant
 * @param contentType       null for GET
 * @param headers           the call's headers, lower-case names to their values; written with repeated values joined by
 *                          {@code ", "}, without {@link #ALWAYS_OMITTED_HEADERS} and {@code credentialHeaders}
 * @param credentialHeaders lower-case names of the headers that carried the webhook's credential
 * @param query             query parameters to their values (one value is written as a string, several as an array)
 * @param attachments       the files the call carried; written as {@code attachments} only when there are any
 */
public record WebhookReceived(String requestId, String flowId, String workspace, Integer flowVersion,
                              long receivedAtMillis, String method, String path, String contentType,
                              Map<String, List<String>> headers, Set<String> credentialHeaders,
                              Map<String, List<String>> query, WebhookBody body, List<WebhookAttachment> attachments) {

    /** An event without attachments. */
    public WebhookReceived(String requestId, String flowId, String workspace, Integer flowVersion,
                           long receivedAtMillis, String method, String path, String contentType,
                           Map<String, List<String>> headers, Set<String> credentialHeaders,
                           Map<String, List<String>> query, WebhookBody body) {
        this(requestId, flowId, workspace, flowVersion, receivedAtMillis, method, path, contentType, headers,
                credentialHeaders, query, body, List.of());
    }

    /** Headers no event carries, whatever the credential type. */
    public static final Set<String> ALWAYS_OMITTED_HEADERS = Set.of("authorization", "proxy-authorization", "cookie");

    /** Whether a header (lower-case name) is written into the event. */
    public boolean carriesHeader(String name) {
        return !ALWAYS_OMITTED_HEADERS.contains(name) && !credentialHeaders.contains(name);
    }
}
