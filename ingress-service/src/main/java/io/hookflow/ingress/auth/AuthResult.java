package io.hookflow.ingress.auth;

import java.util.Map;

/**
 * The outcome of authenticating a webhook call.
 *
 * @param challengeHeaders headers to add to a 401 (e.g. {@code WWW-Authenticate}), empty on success
 */
public record AuthResult(boolean authenticated, String reason, Map<String, String> challengeHeaders) {

    private static final AuthResult OK = new AuthResult(true, null, Map.of());

    public static AuthResult ok() {
        return OK;
    }

    public static AuthResult rejected(String reason) {
        return new AuthResult(false, reason, Map.of());
    }

    public static AuthResult rejected(String reason, Map<String, String> challengeHeaders) {
        return new AuthResult(false, reason, Map.copyOf(challengeHeaders));
    }
}
