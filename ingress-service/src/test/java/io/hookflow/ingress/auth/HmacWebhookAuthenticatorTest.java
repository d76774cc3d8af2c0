package io.hookflow.ingress.auth;

import io.hookflow.ingress.WebhookCredential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static io.hookflow.ingress.auth.Fixtures.credential;
import static io.hookflow.ingress.auth.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

class HmacWebhookAuthenticatorTest {

    // Standard Webhooks' published example (svix libraries' tests).
    private static final String WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long MSG_TIMESTAMP = 1614265330;
    private static final String MSG_BODY = "{\"test\": 2432232314}";
    private static final String MSG_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private final HmacWebhookAuthenticator authenticator = authenticatorAt(MSG_TIMESTAMP);

    // --- plain HMAC -------------------------------------------------------------------------------------------

    @Test
    void acceptsGitHubsPublishedExampleWithItsSha256Prefix() {
        // docs.github.com "Validating webhook deliveries": secret, payload and the X-Hub-Signature-256 they give.
        WebhookCredential credential = hmac("{\"secret\":\"It's a Secret to Everybody\",\"headerName\":\"X-Hub-Signature-256\"}");
        String signature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        assertThat(authenticator.authenticate(credential, request("Hello, World!", "X-Hub-Signature-256", signature))
                .authenticated()).isTrue();
        assertThat(authenticator.authenticate(credential, request("Hello, World!", "x-hub-signature-256", signature.toUpperCase()))
                .authenticated()).as("prefix and hex in upper case").isTrue();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
            "sha256, hex, 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            "sha256, base64, W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=",
            "sha512, hex, 164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
            "sha512, base64, Fkt6e/z4GeLjlfvnO1bgo4e9ZCIugx/WECcM1+olBVSXWL91wFqZSm0DT2X48Ob9yuqxo01Ka0tjbgcKOLznNw==",
    })
    void acceptsTheRfc4231SignatureForEachAlgorithmAndEncoding(String algorithm, String encoding, String signature) {
        WebhookCredential credential = hmac("{\"secret\":\"Jefe\",\"algorithm\":\"" + algorithm + "\",\"encoding\":\"" + encoding + "\"}");
        String body = "what do ya want for nothing?";
        assertThat(authenticator.authenticate(credential, request(body, "x-eio-signature", signature)).authenticated()).isTrue();
        assertThat(authenticator.authenticate(credential, request(body, "x-eio-signature", algorithm + "=" + signature))
                .authenticated()).as("with the algorithm prefix").isTrue();
        AuthResult changedBody = authenticator.authenticate(credential, request(body + " ", "x-eio-signature", signature));
        assertThat(changedBody.authenticated()).isFalse();
        assertThat(changedBody.reason()).isEqualTo("Signature does not match the body");
    }

    @Test
    void rejectsAMissingSignatureNamingTheHeader() {
        WebhookCredential credential = hmac("{\"secret\":\"s\"}");
        assertThat(authenticator.authenticate(credential, request("{}")).reason())
                .isEqualTo("Missing signature header x-eio-signature");
    }

    @Test
    void rejectsAWrongSignatureWithoutRevealingTheExpectedOne() {
        WebhookCredential credential = hmac("{\"secret\":\"s\"}");
        String right = hex("HmacSHA256", "s", "{}");
        String wrong = (right.charAt(0) == '0' ? "1" : "0") + right.substring(1);
        AuthResult result = authenticator.authenticate(credential, request("{}", "x-eio-signature", wrong));
        assertThat(result.authenticated()).isFalse();
        assertThat(result.reason()).isEqualTo("Signature does not match the body").doesNotContain(right);
        assertThat(authenticator.authenticate(credential, request("{}", "x-eio-signature", right)).authenticated()).isTrue();
    }

    @Test
    void rejectsASignatureOfTheWrongFormOrLength() {
        WebhookCredential credential = hmac("{\"secret\":\"s\"}");
        String right = hex("HmacSHA256", "s", "{}");
        for (String malformed : new String[] {"not-hex", right.substring(2), right + "00", base64("HmacSHA256", "s", "{}")}) {
            assertThat(authenticator.authenticate(credential, request("{}", "x-eio-signature", malformed)).reason())
                    .as(malformed).startsWith("Malformed signature header x-eio-signature");
        }
    }

    @Test
    void rejectsAPrefixNamingTheOtherAlgorithm() {
        WebhookCredential credential = hmac("{\"secret\":\"s\",\"algorithm\":\"sha512\"}");
        String signature = "sha256=" + hex("HmacSHA512", "s", "{}");
        assertThat(authenticator.authenticate(credential, request("{}", "x-eio-signature", signature)).reason())
                .isEqualTo("Signature header x-eio-signature is prefixed sha256= but this webhook expects sha512");
    }

    @Test
    void findsTheCredentialsHeaderWhateverItsCase() {
        WebhookCredential credential = hmac("{\"secret\":\"s\",\"headerName\":\"X-Signature\"}");
        assertThat(authenticator.authenticate(credential, request("{}", "X-SIGNATURE", hex("HmacSHA256", "s", "{}")))
                .authenticated()).isTrue();
        assertThat(authenticator.credentialHeaders(credential)).containsExactly("x-signature");
    }

    @Test
    void keepsEachCredentialsKeyApartWhenOneThreadChecksSeveral() {
        WebhookCredential first = hmac("{\"secret\":\"one\"}");
        WebhookCredential second = new WebhookCredential("cred-2", "demo", "webhook-hmac", hmac("{\"secret\":\"two\"}").config());
        for (int i = 0; i < 3; i++) {
            assertThat(authenticator.authenticate(first, request("{}", "x-eio-signature", hex("HmacSHA256", "one", "{}"))).authenticated()).isTrue();
            assertThat(authenticator.authenticate(second, request("{}", "x-eio-signature", hex("HmacSHA256", "one", "{}"))).authenticated()).isFalse();
            assertThat(authenticator.authenticate(second, request("{}", "x-eio-signature", hex("HmacSHA256", "two", "{}"))).authenticated()).isTrue();
        }
    }

    @Test
    void usesTheNewSecretOnceTheCredentialIsFetchedAgain() {
        assertThat(authenticator.authenticate(hmac("{\"secret\":\"old\"}"),
                request("{}", "x-eio-signature", hex("HmacSHA256", "old", "{}"))).authenticated()).isTrue();
        WebhookCredential changed = hmac("{\"secret\":\"new\"}");
        assertThat(authenticator.authenticate(changed, request("{}", "x-eio-signature", hex("HmacSHA256", "old", "{}"))).authenticated()).isFalse();
        assertThat(authenticator.authenticate(changed, request("{}", "x-eio-signature", hex("HmacSHA256", "new", "{}"))).authenticated()).isTrue();
    }

    @Test
    void neverAcceptsWithACredentialWithoutSecretOrWithAnUnknownAlgorithm() {
        for (String config : new String[] {"{}", "{\"secret\":\"\"}", "{\"secret\":\"s\",\"algorithm\":\"md5\"}",
                "{\"secret\":\"s\",\"encoding\":\"base32\"}"}) {
            AuthResult result = authenticator.authenticate(hmac(config),
                    request("{}", "x-eio-signature", hex("HmacSHA256", "s", "{}")));
            assertThat(result.authenticated()).as(config).isFalse();
            assertThat(result.reason()).as(config).startsWith("The webhook's credential");
        }
    }

    // --- Standard Webhooks ------------------------------------------------------------------------------------

    @Test
    void acceptsStandardWebhooksPublishedExampleAndYieldsItsId() {
        AuthResult result = authenticator.authenticate(standard(WHSEC), standardRequest(MSG_ID, MSG_TIMESTAMP, MSG_BODY, MSG_SIGNATURE));
        assertThat(result.authenticated()).isTrue();
        assertThat(result.webhookId()).isEqualTo(MSG_ID);
    }

    @Test
    void acceptsAnyMatchingV1EntryOfARotatedList() {
        String wrong = "v1," + Base64.getEncoder().encodeToString(new byte[32]);
        for (String list : new String[] {wrong + " " + MSG_SIGNATURE, MSG_SIGNATURE + " " + wrong,
                "v1a,xyz " + MSG_SIGNATURE, "v2,abc  " + MSG_SIGNATURE + " "}) {
            assertThat(authenticator.authenticate(standard(WHSEC), standardRequest(MSG_ID, MSG_TIMESTAMP, MSG_BODY, list))
                    .authenticated()).as(list).isTrue();
        }
    }

    @Test
    void rejectsWhenNoEntryMatchesOrTheBodyOrIdChanged() {
        String wrong = "v1," + Base64.getEncoder().encodeToString(new byte[32]);
        assertThat(authenticator.authenticate(standard(WHSEC), standardRequest(MSG_ID, MSG_TIMESTAMP, MSG_BODY, wrong)).reason())
                .isEqualTo("No webhook-signature entry matches the body");
        assertThat(authenticator.authenticate(standard(WHSEC), standardRequest(MSG_ID, MSG_TIMESTAMP, MSG_BODY + " ", MSG_SIGNATURE))
                .authenticated()).isFalse();
        assertThat(authenticator.authenticate(standard(WHSEC), standardRequest(MSG_ID + "x", MSG_TIMESTAMP, MSG_BODY, MSG_SIGNATURE))
                .authenticated()).isFalse();
        assertThat(authenticator.authenticate(standard("whsec_" + Base64.getEncoder().encodeToString("other".getBytes())),
                standardRequest(MSG_ID, MSG_TIMESTAMP, MSG_BODY, MSG_SIGNATURE)).authenticated()).isFalse();
    }

    @Test
    void acceptsTimestampsUpToFiveMinutesOffEitherWay() {
        String body = "{}";
        for (long offset : new long[] {-300, -1, 0, 1, 300}) {
            long timestamp = MSG_TIMESTAMP + offset;
            assertThat(authenticator.authenticate(standard(WHSEC),
                    standardRequest(MSG_ID, timestamp, body, sign(WHSEC, MSG_ID, timestamp, body))).authenticated())
                    .as("offset %d", offset).isTrue();
        }
    }

    @Test
    void rejectsTimestampsMoreThanFiveMinutesOldOrAhead() {
        String body = "{}";
        long old = MSG_TIMESTAMP - 301;
        assertThat(authenticator.authenticate(standard(WHSEC), standardRequest(MSG_ID, old, body, sign(WHSEC, MSG_ID, old, body)))
                .reason()).isEqualTo("webhook-timestamp is more than 5 minutes old");
        long future = MSG_TIMESTAMP + 301;
        assertThat(authenticator.authenticate(standard(WHSEC), standardRequest(MSG_ID, future, body, sign(WHSEC, MSG_ID, future, body)))
                .reason()).isEqualTo("webhook-timestamp is more than 5 minutes in the future");
    }

    @Test
    void rejectsMissingOrMalformedStandardWebhooksHeaders() {
        WebhookCredential credential = standard(WHSEC);
        assertThat(authenticator.authenticate(credential, request(MSG_BODY, "webhook-timestamp", "" + MSG_TIMESTAMP,
                "webhook-signature", MSG_SIGNATURE)).reason()).isEqualTo("Missing webhook-id header");
        assertThat(authenticator.authenticate(credential, request(MSG_BODY, "webhook-id", MSG_ID,
                "webhook-signature", MSG_SIGNATURE)).reason()).isEqualTo("Missing webhook-timestamp header");
        assertThat(authenticator.authenticate(credential, request(MSG_BODY, "webhook-id", MSG_ID,
                "webhook-timestamp", "" + MSG_TIMESTAMP)).reason()).isEqualTo("Missing signature header webhook-signature");
        assertThat(authenticator.authenticate(credential, request(MSG_BODY, "webhook-id", MSG_ID,
                "webhook-timestamp", "2021-02-25T15:02:10Z", "webhook-signature", MSG_SIGNATURE)).reason())
                .isEqualTo("webhook-timestamp is not a Unix time in seconds");
        for (String malformed : new String[] {"g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", MSG_SIGNATURE + " v1", "v1,!!!"}) {
            assertThat(authenticator.authenticate(credential, standardRequest(MSG_ID, MSG_TIMESTAMP, MSG_BODY, malformed)).reason())
                    .as(malformed).startsWith("Malformed signature header webhook-signature");
        }
        assertThat(authenticator.authenticate(credential, standardRequest(MSG_ID, MSG_TIMESTAMP, MSG_BODY, "v1a,abc v2,def")).reason())
                .isEqualTo("webhook-signature has no v1 signature");
    }

    @Test
    void neverAcceptsWithASecretThatIsNotWhsecBase64() {
        // The right key without its prefix, a prefix on something that is not base64, a prefix alone.
        for (String secret : new String[] {"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_not*base64", "whsec_"}) {
            AuthResult result = authenticator.authenticate(standard(secret),
                    standardRequest(MSG_ID, MSG_TIMESTAMP, MSG_BODY, MSG_SIGNATURE));
            assertThat(result.authenticated()).as(secret).isFalse();
            assertThat(result.reason()).contains("not a Standard Webhooks secret")
                    .doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "not*base64");
        }
    }

    @Test
    void namesTheSignatureHeadersAsCarryingTheCredential() {
        assertThat(authenticator.credentialHeaders(standard(WHSEC))).containsExactlyInAnyOrder("webhook-signature", "x-eio-signature");
    }

    @Test
    void parsesUnixSecondsStrictly() {
        assertThat(HmacWebhookAuthenticator.parseSeconds("1614265330")).isEqualTo(1614265330L);
        assertThat(HmacWebhookAuthenticator.parseSeconds("-1")).isEqualTo(-1);
        assertThat(HmacWebhookAuthenticator.parseSeconds("1.5")).isEqualTo(-1);
        assertThat(HmacWebhookAuthenticator.parseSeconds("9".repeat(19))).isEqualTo(-1);
    }

    // --- GET: the signature covers the body only ---------------------------------------------------------------

    @Test
    void refusesAGetWhoseQueryWouldBecomeTheUnsignedBodyInEitherForm() {
        WebhookCredential plain = hmac("{\"secret\":\"s3cr3t\"}");
        var forged = get(Map.of("petname", List.of("Mallory")), "x-eio-signature", hex("HmacSHA256", "s3cr3t", ""));
        assertThat(authenticator.authenticate(plain, forged)).isEqualTo(HmacWebhookAuthenticator.UNSIGNED_QUERY);

        var standardForged = get(Map.of("petname", List.of("Mallory")), "webhook-id", MSG_ID,
                "webhook-timestamp", Long.toString(MSG_TIMESTAMP), "webhook-signature", sign(WHSEC, MSG_ID, MSG_TIMESTAMP, ""));
        assertThat(authenticator.authenticate(standard(WHSEC), standardForged))
                .isEqualTo(HmacWebhookAuthenticator.UNSIGNED_QUERY);
    }

    @Test
    void acceptsASignedGetWithoutQueryParameters() {
        WebhookCredential plain = hmac("{\"secret\":\"s3cr3t\"}");
        var empty = get(Map.of(), "x-eio-signature", hex("HmacSHA256", "s3cr3t", ""));
        assertThat(authenticator.authenticate(plain, empty).authenticated()).isTrue();
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private static io.hookflow.ingress.WebhookRequest get(Map<String, List<String>> query, String... headerPairs) {
        var post = request("", headerPairs);
        return new io.hookflow.ingress.WebhookRequest(post.flowId(), "GET", "", null, post.headers(), query, new byte[0]);
    }

    static HmacWebhookAuthenticator authenticatorAt(long epochSeconds) {
        return new HmacWebhookAuthenticator(Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC));
    }

    private static WebhookCredential hmac(String config) {
        return credential("webhook-hmac", config);
    }

    private static WebhookCredential standard(String secret) {
        return credential("webhook-hmac", "{\"secret\":\"" + secret + "\",\"replayProtection\":true}");
    }

    private static io.hookflow.ingress.WebhookRequest standardRequest(String id, long timestamp, String body, String signatures) {
        return request(body, "Webhook-Id", id, "Webhook-Timestamp", Long.toString(timestamp), "Webhook-Signature", signatures);
    }

    static String sign(String whsec, String id, long timestamp, String body) {
        byte[] key = Base64.getDecoder().decode(whsec.substring("whsec_".length()));
        return "v1," + Base64.getEncoder().encodeToString(mac("HmacSHA256", key, id + "." + timestamp + "." + body));
    }

    private static String hex(String algorithm, String secret, String body) {
        return HexFormat.of().formatHex(mac(algorithm, secret.getBytes(StandardCharsets.UTF_8), body));
    }

    private static String base64(String algorithm, String secret, String body) {
        return Base64.getEncoder().encodeToString(mac(algorithm, secret.getBytes(StandardCharsets.UTF_8), body));
    }

    private static byte[] mac(String algorithm, byte[] key, String body) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
