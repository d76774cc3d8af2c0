package io.hookflow.ingress.auth;

import io.hookflow.ingress.WebhookCredential;
import io.hookflow.ingress.WebhookRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * {@code webhook-apikey}: the credential's key in the header the credential names ({@code headerName}, default
 * {@code x-api-key}, matched case-insensitively), compared in constant time with the key's UTF-8 bytes, byte for
 * byte as the client sent them (so a non-ASCII key sent as UTF-8, as HTTP clients send it, matches).
 */
@ApplicationScoped
public class ApiKeyWebhookAuthenticator implements WebhookAuthenticator {

    public static final String TYPE = "webhook-apikey";
    static final String DEFAULT_HEADER = "x-api-key";

    private static final AuthResult INCOMPLETE =
            AuthResult.rejected("The webhook's credential has no API key; set one in the credential");

    /** The parsed credential; the messages are built once since they name the header. */
    private record Expected(String headerName, byte[] apiKey, Set<String> headers, AuthResult missing,
                            AuthResult wrong) {
    }

    private final PreparedCredentials<Expected> prepared = new PreparedCredentials<>(credential -> {
        String name = PreparedCredentials.text(credential, "headerName");
        String headerName = name == null || name.isBlank() ? DEFAULT_HEADER : name.trim().toLowerCase(Locale.ROOT);
        String apiKey = PreparedCredentials.text(credential, "apiKey");
        return new Expected(headerName, apiKey == null ? null : apiKey.getBytes(StandardCharsets.UTF_8), Set.of(headerName),
                AuthResult.rejected("Missing API key header " + headerName), AuthResult.rejected("API key is wrong"));
    });

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public AuthResult authenticate(WebhookCredential credential, WebhookRequest request) {
        Expected expected = prepared.get(credential);
        String key = request.header(expected.headerName());
        if (key == null || key.isEmpty()) {
            return expected.missing();
        }
        if (expected.apiKey() == null || expected.apiKey().length == 0) {
            return INCOMPLETE;
        }
        return ConstantTime.equalsHeaderBytes(expected.apiKey(), key) ? AuthResult.ok() : expected.wrong();
    }

    @Override
    public Set<String> credentialHeaders(WebhookCredential credential) {
        return prepared.get(credential).headers();
    }
}
