package io.hookflow.ingress.auth;

import io.hookflow.ingress.WebhookCredential;
import io.hookflow.ingress.WebhookRequest;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code webhook-hmac}: an HMAC of the exact raw body with the credential's secret.
 * <ul>
 * <li>By default (no replay protection): {@code algorithm} sha256 (default) or sha512 over the body, keyed with the
 * secret's UTF-8 bytes, {@code encoding} hex (default; either case) or base64, in the header {@code headerName}
 * (default {@code x-eio-signature}, matched case-insensitively). A GitHub-style prefix naming the algorithm,
 * {@code sha256=} or {@code sha512=}, is accepted before the value.</li>
 * <li>With {@code replayProtection}: the Standard Webhooks form (standardwebhooks.com). The secret is
 * {@code whsec_<base64>} and the HMAC-SHA256 key is its decoded base64 part; {@code webhook-signature} holds
 * space-separated {@code v1,<base64>} entries over {@code {webhook-id}.{webhook-timestamp}.{body}}; any v1 entry
 * that matches passes (senders rotate secrets that way), other versions are ignored; {@code webhook-timestamp}
 * (Unix seconds) must be within {@link #TOLERANCE} of now either way. A success carries the verified
 * {@code webhook-id}, which ingress uses to answer resends without publishing them again.</li>
 * </ul>
 * A signature covers the body only, and for a GET the query parameters would become the event's body: so a GET with
 * query parameters is refused in either form (the HMAC of the empty body never changes, and whoever saw it once could
 * send any parameters with it). A GET without them is accepted, with an empty event body. Senders put data in a POST.
 * <p>
 * Signatures are compared as decoded bytes in constant time. Each thread reuses its {@link Mac} instances (re-keyed
 * only when the credential changes) and buffers; the one allocation per call is the MAC result array inside JCA's
 * {@code doFinal} (even its {@code doFinal(out, offset)} form allocates one).
 */
@ApplicationScoped
public class HmacWebhookAuthenticator implements WebhookAuthenticator {

    public static final String TYPE = "webhook-hmac";
    /** How far {@code webhook-timestamp} may be from now, either way. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    static final String DEFAULT_HEADER = "x-eio-signature";
    static final String WEBHOOK_ID = "webhook-id";
    static final String WEBHOOK_TIMESTAMP = "webhook-timestamp";
    static final String WEBHOOK_SIGNATURE = "webhook-signature";

    private static final String WHSEC = "whsec_";
    private static final long TOLERANCE_SECONDS = TOLERANCE.toSeconds();
    private static final AuthResult MISSING_ID = AuthResult.rejected("Missing webhook-id header");
    private static final AuthResult MISSING_TIMESTAMP = AuthResult.rejected("Missing webhook-timestamp header");
    private static final AuthResult MISSING_SIGNATURES = AuthResult.rejected("Missing signature header webhook-signature");
    private static final AuthResult BAD_TIMESTAMP =
            AuthResult.rejected("webhook-timestamp is not a Unix time in seconds");
    private static final AuthResult TOO_OLD = AuthResult.rejected("webhook-timestamp is more than 5 minutes old");
    private static final AuthResult IN_FUTURE =
            AuthResult.rejected("webhook-timestamp is more than 5 minutes in the future");
    private static final AuthResult MALFORMED_SIGNATURES = AuthResult.rejected(
            "Malformed signature header webhook-signature (expected space-separated v1,<base64> entries)");
    private static final AuthResult NO_V1 = AuthResult.rejected("webhook-signature has no v1 signature");
    private static final AuthResult NO_MATCH = AuthResult.rejected("No webhook-signature entry matches the body");
    static final AuthResult UNSIGNED_QUERY = AuthResult.rejected("A signed webhook takes no query parameters on GET:"
            + " the signature covers only the body; send the data as a POST body");
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** The HMACs a credential may name. */
    enum Algorithm {
        SHA256("sha256", "HmacSHA256", 32), SHA512("sha512", "HmacSHA512", 64);

        final String configName;
        final String jcaName;
        final int length;

        Algorithm(String configName, String jcaName, int length) {
            this.configName = configName;
            this.jcaName = jcaName;
            this.length = length;
        }
    }

    /**
     * A credential in usable form, with its rejections built once (they name the header). {@code unusable} is set
     * when the credential cannot check anything, and then the rest may be null.
     */
    private record Expected(AuthResult unusable, boolean standardWebhooks, Algorithm algorithm, boolean base64,
                            String headerName, SecretKeySpec key, Set<String> headers, AuthResult missing,
                            AuthResult malformed, AuthResult mismatch) {

        static Expected unusable(String reason, Set<String> headers) {
            return new Expected(AuthResult.rejected(reason), false, null, false, null, null, headers,
                    null, null, null);
        }
    }

    /** Per-thread {@link Mac}s (with the key each was last initialised with) and buffers. */
    private static final class Scratch {
        private final Mac[] macs = new Mac[Algorithm.values().length];
        private final SecretKeySpec[] keys = new SecretKeySpec[Algorithm.values().length];
        final byte[] received = new byte[64];
        byte[] text = new byte[64];

        Mac mac(Algorithm algorithm, SecretKeySpec key) {
            int i = algorithm.ordinal();
            try {
                if (macs[i] == null) {
                    macs[i] = Mac.getInstance(algorithm.jcaName);
                }
                if (keys[i] != key) {
                    keys[i] = null;
                    macs[i].init(key);
                    keys[i] = key;
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(algorithm.jcaName + " is not available", e);
            }
            return macs[i];
        }
    }

    private final Clock clock;
    private final PreparedCredentials<Expected> prepared = new PreparedCredentials<>(HmacWebhookAuthenticator::prepare);

    public HmacWebhookAuthenticator(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public AuthResult authenticate(WebhookCredential credential, WebhookRequest request) {
        Expected expected = prepared.get(credential);
        if (expected.unusable() != null) {
            return expected.unusable();
        }
        if (!request.query().isEmpty() && "GET".equals(request.method())) {
            return UNSIGNED_QUERY;
        }
        return expected.standardWebhooks() ? standardWebhooks(expected, request) : plain(expected, request);
    }

    @Override
    public Set<String> credentialHeaders(WebhookCredential credential) {
        return prepared.get(credential).headers();
    }

    private static AuthResult plain(Expected expected, WebhookRequest request) {
        String header = request.header(expected.headerName());
        if (header == null || header.isEmpty()) {
            return expected.missing();
        }
        int from = 0;
        if (header.length() > 7 && header.charAt(6) == '=') {
            Algorithm named = header.regionMatches(true, 0, "sha256", 0, 6) ? Algorithm.SHA256
                    : header.regionMatches(true, 0, "sha512", 0, 6) ? Algorithm.SHA512 : null;
            if (named != null) {
                if (named != expected.algorithm()) {
                    return AuthResult.rejected("Signature header " + expected.headerName() + " is prefixed "
                            + named.configName + "= but this webhook expects " + expected.algorithm().configName);
                }
                from = 7;
            }
        }
        Scratch scratch = SCRATCH.get();
        int length = expected.base64()
                ? Encodings.decodeBase64(header, from, header.length(), scratch.received)
                : Encodings.decodeHex(header, from, header.length(), scratch.received);
        if (length != expected.algorithm().length) {
            return expected.malformed();
        }
        Mac mac = scratch.mac(expected.algorithm(), expected.key());
        byte[] computed = mac.doFinal(request.rawBody());
        return ConstantTime.equals(computed, scratch.received, 0, length) ? AuthResult.ok() : expected.mismatch();
    }

    private AuthResult standardWebhooks(Expected expected, WebhookRequest request) {
        String id = request.header(WEBHOOK_ID);
        if (id == null || id.isEmpty()) {
            return MISSING_ID;
        }
        String timestamp = request.header(WEBHOOK_TIMESTAMP);
        if (timestamp == null || timestamp.isEmpty()) {
            return MISSING_TIMESTAMP;
        }
        String signatures = request.header(WEBHOOK_SIGNATURE);
        if (signatures == null || signatures.isEmpty()) {
            return MISSING_SIGNATURES;
        }
        long seconds = parseSeconds(timestamp);
        if (seconds < 0) {
            return BAD_TIMESTAMP;
        }
        long now = Math.floorDiv(clock.millis(), 1000);
        if (now - seconds > TOLERANCE_SECONDS) {
            return TOO_OLD;
        }
        if (seconds - now > TOLERANCE_SECONDS) {
            return IN_FUTURE;
        }

        Scratch scratch = SCRATCH.get();
        Mac mac = scratch.mac(Algorithm.SHA256, expected.key());
        update(mac, id, scratch);
        mac.update((byte) '.');
        update(mac, timestamp, scratch);
        mac.update((byte) '.');
        byte[] computed = mac.doFinal(request.rawBody());

        boolean anyV1 = false;
        boolean matches = false;
        int length = signatures.length();
        int i = 0;
        while (i < length) {
            if (signatures.charAt(i) == ' ') {
                i++;
                continue;
            }
            int end = signatures.indexOf(' ', i);
            if (end < 0) {
                end = length;
            }
            int comma = signatures.indexOf(',', i);
            if (comma < 0 || comma >= end) {
                return MALFORMED_SIGNATURES;
            }
            if (comma - i == 2 && signatures.startsWith("v1", i)) {
                anyV1 = true;
                int decoded = Encodings.decodeBase64(signatures, comma + 1, end, scratch.received);
                if (decoded < 0) {
                    return MALFORMED_SIGNATURES;
                }
                // No early exit: every entry is compared, in constant time.
                matches |= ConstantTime.equals(computed, scratch.received, 0, decoded);
            }
            i = end;
        }
        if (!anyV1) {
            return NO_V1;
        }
        return matches ? AuthResult.okWithWebhookId(id) : NO_MATCH;
    }

    /** Non-negative seconds, or -1 when the text is not 1 to 18 decimal digits. */
    static long parseSeconds(String text) {
        if (text.length() > 18) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * Feeds a header value's bytes. HTTP header values arrive as ISO-8859-1 (one char per byte), so the chars are
     * the bytes the sender signed; only a char above 0xFF (which the HTTP layer never produces) falls back to UTF-8.
     */
    private static void update(Mac mac, String text, Scratch scratch) {
        int length = text.length();
        if (scratch.text.length < length) {
            scratch.text = new byte[Math.max(length, 2 * scratch.text.length)];
        }
        byte[] bytes = scratch.text;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c > 0xFF) {
                mac.update(text.getBytes(StandardCharsets.UTF_8));
                return;
            }
            bytes[i] = (byte) c;
        }
        mac.update(bytes, 0, length);
    }

    private static Expected prepare(WebhookCredential credential) {
        String headerName = PreparedCredentials.text(credential, "headerName");
        headerName = headerName == null || headerName.isBlank() ? DEFAULT_HEADER : headerName.trim().toLowerCase(Locale.ROOT);
        boolean standardWebhooks = credential.config() != null
                && credential.config().path("replayProtection").asBoolean(false);
        Set<String> headers = standardWebhooks
                ? Set.copyOf(List.of(headerName, WEBHOOK_SIGNATURE)) : Set.of(headerName);
        String secret = PreparedCredentials.text(credential, "secret");
        if (secret == null || secret.isEmpty()) {
            return Expected.unusable("The webhook's credential has no secret; set one in the credential", headers);
        }
        if (standardWebhooks) {
            byte[] key = null;
            if (secret.startsWith(WHSEC)) {
                try {
                    key = Base64.getDecoder().decode(secret.substring(WHSEC.length()));
                } catch (IllegalArgumentException e) {
                    key = null;
                }
            }
            if (key == null || key.length == 0) {
                return Expected.unusable("The webhook's secret is not a Standard Webhooks secret (whsec_ followed by"
                        + " base64); fix the credential", headers);
            }
            return new Expected(null, true, Algorithm.SHA256, true, WEBHOOK_SIGNATURE,
                    new SecretKeySpec(key, Algorithm.SHA256.jcaName), headers, null, null, null);
        }
        String algorithmName = PreparedCredentials.text(credential, "algorithm");
        Algorithm algorithm = null;
        for (Algorithm candidate : Algorithm.values()) {
            if (algorithmName == null ? candidate == Algorithm.SHA256 : candidate.configName.equalsIgnoreCase(algorithmName)) {
                algorithm = candidate;
            }
        }
        if (algorithm == null) {
            return Expected.unusable("The webhook's credential names an unknown algorithm; use sha256 or sha512", headers);
        }
        String encoding = PreparedCredentials.text(credential, "encoding");
        boolean base64 = "base64".equalsIgnoreCase(encoding);
        if (!base64 && encoding != null && !"hex".equalsIgnoreCase(encoding)) {
            return Expected.unusable("The webhook's credential names an unknown encoding; use hex or base64", headers);
        }
        String form = (base64 ? "base64" : "hex") + "-encoded HMAC-" + algorithm.name();
        return new Expected(null, false, algorithm, base64, headerName,
                new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm.jcaName), headers,
                AuthResult.rejected("Missing signature header " + headerName),
                AuthResult.rejected("Malformed signature header " + headerName + " (expected the " + form
                        + " of the body, optionally prefixed " + algorithm.configName + "=)"),
                AuthResult.rejected("Signature does not match the body"));
    }
}
