package io.hookflow.ingress.auth;

import io.hookflow.ingress.WebhookCredential;
import io.hookflow.ingress.WebhookRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * {@code webhook-basic}: {@code Authorization: Basic base64(username:password)} (RFC 7617, UTF-8) with the
 * credential's username and password. Both are compared in constant time, the password even when the username is
 * already wrong, and every 401 carries {@code WWW-Authenticate: Basic realm="hookflow"}.
 */
@ApplicationScoped
public class BasicWebhookAuthenticator implements WebhookAuthenticator {

    public static final String TYPE = "webhook-basic";
    static final String AUTHORIZATION = "authorization";
    static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Basic realm=\"hookflow\"");

    private static final String SCHEME = "Basic ";
    private static final AuthResult MISSING =
            AuthResult.rejected("Missing Authorization header with Basic credentials", CHALLENGE);
    private static final AuthResult MALFORMED = AuthResult.rejected(
            "The Authorization header is not Basic base64(username:password)", CHALLENGE);
    private static final AuthResult WRONG = AuthResult.rejected("Basic credentials are wrong", CHALLENGE);
    private static final AuthResult INCOMPLETE = AuthResult.rejected(
            "The webhook's credential has no username or password; set them in the credential", CHALLENGE);
    private static final Set<String> HEADERS = Set.of(AUTHORIZATION);
    private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[][] {new byte[256]});

    private record Expected(byte[] username, byte[] password) {
    }

    private final PreparedCredentials<Expected> prepared = new PreparedCredentials<>(credential -> {
        String username = PreparedCredentials.text(credential, "username");
        String password = PreparedCredentials.text(credential, "password");
        return username == null || password == null ? null
                : new Expected(username.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
    });

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public AuthResult authenticate(WebhookCredential credential, WebhookRequest request) {
        String header = request.header(AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return MISSING;
        }
        Expected expected = prepared.get(credential);
        if (expected == null) {
            return INCOMPLETE;
        }
        int from = SCHEME.length();
        int to = header.length();
        while (from < to && header.charAt(from) == ' ') {
            from++;
        }
        byte[][] holder = SCRATCH.get();
        int needed = Encodings.maxBase64Bytes(to - from);
        if (holder[0].length < needed) {
            holder[0] = new byte[needed];
        }
        byte[] decoded = holder[0];
        int length = Encodings.decodeBase64(header, from, to, decoded);
        int colon = -1;
        for (int i = 0; i < length; i++) {
            if (decoded[i] == ':') {
                colon = i;
                break;
            }
        }
        if (length < 0 || colon < 0) {
            return MALFORMED;
        }
        boolean usernameMatches = ConstantTime.equals(expected.username(), decoded, 0, colon);
        boolean passwordMatches = ConstantTime.equals(expected.password(), decoded, colon + 1, length - colon - 1);
        return usernameMatches & passwordMatches ? AuthResult.ok() : WRONG;
    }

    @Override
    public Set<String> credentialHeaders(WebhookCredential credential) {
        return HEADERS;
    }

    @Override
    public Map<String, String> challengeHeaders() {
        return CHALLENGE;
    }
}
