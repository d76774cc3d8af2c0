package io.hookflow.ingress.auth;

import java.util.Map;

/**
 * The outcome of authenticating a webhook call.
 *
 * @param reason           on failure, what was wrong (shown to the caller; never a secret or an expected value)
 * @param challengeHeaders headers to add to a 401 (e.g. {@code WWW-Authenticate}), empty on success
 * @param webhookId        on success of a Standard Webhooks signature, the verified {@code webhook-id}; else null
 */
public record AuthResult(boolean authenticated, String reason, Map<String, String> challengeHeaders,
                         String webhookId) {

    private static final AuthResult OK = new AuthResult(true, null, Map.of(), null);

    public static AuthResult ok() {
        return OK;
    }

    /** Success of a call signed the Standard Webhooks way, carrying its verified id (for replay detection). */
    public static AuthResult okWithWebhookId(String webhookId) {
        return new AuthResult(true, null, Map.of(), webhookId);
    }

    public static AuthResult rejected(String reason) {
        return new AuthResult(false, reason, Map.of(), null);
    }

    public static AuthResult rejected(String reason, Map<String, String> challengeHeaders) {
        return new AuthResult(false, reason, Map.copyOf(challengeHeaders), null);
    }
}
