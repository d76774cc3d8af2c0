package io.hookflow.ingress.auth;

import io.hookflow.ingress.WebhookCredential;
import io.hookflow.ingress.WebhookRequest;

import java.util.Map;
import java.util.Set;

/**
 * Checks a webhook call against one credential type. Implementations are CDI beans; ingress picks the
 * one whose {@link #type()} equals the credential's type, and rejects calls of any other type with 401.
 * They run on the event loop for every call: no blocking, and as little allocation as possible.
 */
public interface WebhookAuthenticator {

    /** The credential type handled, e.g. {@code webhook-noauth}. */
    String type();

    /**
     * Decides whether the call carries the credential. Must compare secrets in constant time, and say on failure
     * what was wrong without revealing the secret or the expected value.
     */
    AuthResult authenticate(WebhookCredential credential, WebhookRequest request);

    /** Lower-case names of headers carrying the credential, kept out of the published event. */
    default Set<String> credentialHeaders(WebhookCredential credential) {
        return Set.of();
    }

    /** Headers every 401 for this type carries (e.g. Basic's {@code WWW-Authenticate}). */
    default Map<String, String> challengeHeaders() {
        return Map.of();
    }
}
