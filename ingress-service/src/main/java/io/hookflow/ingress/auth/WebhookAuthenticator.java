package io.hookflow.ingress.auth;

import io.hookflow.ingress.WebhookCredential;
import io.hookflow.ingress.WebhookRequest;

import java.util.Set;

/**
 * Checks a webhook call against one credential type. Implementations are CDI beans; ingress picks the
 * one whose {@link #type()} equals the credential's type, and rejects calls of any other type with 401.
 */
public interface WebhookAuthenticator {

    /** The credential type handled, e.g. {@code webhook-noauth}. */
    String type();

    /** Decides whether the call carries the credential. Must compare secrets in constant time. */
    AuthResult authenticate(WebhookCredential credential, WebhookRequest request);

    /** Lower-case names of headers carrying the credential, kept out of the published event. */
    default Set<String> credentialHeaders(WebhookCredential credential) {
        return Set.of();
    }
}
