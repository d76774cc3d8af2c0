package io.hookflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.ingress.WebhookCredential;
import io.hookflow.ingress.WebhookRequest;
import io.hookflow.ingress.auth.ApiKeyWebhookAuthenticator;
import io.hookflow.ingress.auth.AuthResult;
import io.hookflow.ingress.auth.BasicWebhookAuthenticator;
import io.hookflow.ingress.auth.HmacWebhookAuthenticator;
import io.hookflow.ingress.auth.NoAuthWebhookAuthenticator;
import io.hookflow.ingress.auth.WebhookAuthenticator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The time ingress spends authenticating one webhook call, per credential type: the authenticator's
 * {@code authenticate} on a call that passes (the common case), with the credential already fetched and cached, as
 * on ingress's request path. HMAC variants sign a 1 KiB JSON body.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class WebhookAuthenticationBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = 1_750_000_000L;
    private static final String WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private final NoAuthWebhookAuthenticator noAuth = new NoAuthWebhookAuthenticator();
    private final BasicWebhookAuthenticator basic = new BasicWebhookAuthenticator();
    private final ApiKeyWebhookAuthenticator apiKey = new ApiKeyWebhookAuthenticator();
    private final HmacWebhookAuthenticator hmac =
            new HmacWebhookAuthenticator(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

    private Case noAuthCase;
    private Case basicCase;
    private Case apiKeyCase;
    private Case hmacSha256HexCase;
    private Case hmacSha512HexCase;
    private Case standardWebhooksCase;

    private record Case(WebhookAuthenticator authenticator, WebhookCredential credential, WebhookRequest request) {
        AuthResult run() {
            return authenticator.authenticate(credential, request);
        }
    }

    @Setup
    public void setUp() throws Exception {
        byte[] body = body1KiB();
        noAuthCase = new Case(noAuth, credential("webhook-noauth", "{}"), request(body));
        basicCase = new Case(basic, credential("webhook-basic", "{\"username\":\"gromit\",\"password\":\"cheese-on-toast-42\"}"),
                request(body, "authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "gromit:cheese-on-toast-42".getBytes(StandardCharsets.UTF_8))));
        apiKeyCase = new Case(apiKey, credential("webhook-apikey", "{\"headerName\":\"x-api-key\",\"apiKey\":\"pk_live_4f3c2b1a0f9e8d7c6b5a\"}"),
                request(body, "x-api-key", "pk_live_4f3c2b1a0f9e8d7c6b5a"));
        hmacSha256HexCase = new Case(hmac, credential("webhook-hmac",
                "{\"secret\":\"s3cr3t-s3cr3t\",\"algorithm\":\"sha256\",\"encoding\":\"hex\",\"headerName\":\"x-eio-signature\",\"replayProtection\":false}"),
                request(body, "x-eio-signature", HexFormat.of().formatHex(mac("HmacSHA256", "s3cr3t-s3cr3t".getBytes(StandardCharsets.UTF_8), body))));
        hmacSha512HexCase = new Case(hmac, credential("webhook-hmac",
                "{\"secret\":\"s3cr3t-s3cr3t\",\"algorithm\":\"sha512\",\"encoding\":\"hex\",\"headerName\":\"x-eio-signature\",\"replayProtection\":false}"),
                request(body, "x-eio-signature", HexFormat.of().formatHex(mac("HmacSHA512", "s3cr3t-s3cr3t".getBytes(StandardCharsets.UTF_8), body))));
        String id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        byte[] key = Base64.getDecoder().decode(WHSEC.substring("whsec_".length()));
        byte[] signed = (id + "." + NOW + "." + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        standardWebhooksCase = new Case(hmac, credential("webhook-hmac",
                "{\"secret\":\"" + WHSEC + "\",\"algorithm\":\"sha256\",\"encoding\":\"hex\",\"headerName\":\"x-eio-signature\",\"replayProtection\":true}"),
                request(body, "webhook-id", id, "webhook-timestamp", Long.toString(NOW),
                        "webhook-signature", "v1," + Base64.getEncoder().encodeToString(mac("HmacSHA256", key, signed))));
        for (Case c : List.of(noAuthCase, basicCase, apiKeyCase, hmacSha256HexCase, hmacSha512HexCase, standardWebhooksCase)) {
            AuthResult result = c.run();
            if (!result.authenticated()) {
                throw new IllegalStateException(c.credential().type() + " does not pass: " + result.reason());
            }
        }
    }

    @Benchmark
    public AuthResult noauth() {
        return noAuthCase.run();
    }

    @Benchmark
    public AuthResult basic() {
        return basicCase.run();
    }

    @Benchmark
    public AuthResult apikey() {
        return apiKeyCase.run();
    }

    @Benchmark
    public AuthResult hmacSha256Hex1KiB() {
        return hmacSha256HexCase.run();
    }

    @Benchmark
    public AuthResult hmacSha512Hex1KiB() {
        return hmacSha512HexCase.run();
    }

    @Benchmark
    public AuthResult standardWebhooks1KiB() {
        return standardWebhooksCase.run();
    }

    private static byte[] body1KiB() {
        StringBuilder json = new StringBuilder("{\"petname\":\"Gromit\",\"petstatus\":\"Sold\",\"note\":\"");
        while (json.length() < 1024 - 2) {
            json.append('x');
        }
        return json.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static WebhookCredential credential(String type, String config) throws Exception {
        return new WebhookCredential("bench-" + type, "demo", type, JSON.readTree(config));
    }

    /** A POST as WebhookResource builds it: lower-cased header names. */
    private static WebhookRequest request(byte[] body, String... headerPairs) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("content-type", List.of("application/json"));
        headers.put("user-agent", List.of("bench/1.0"));
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.put(headerPairs[i], List.of(headerPairs[i + 1]));
        }
        return new WebhookRequest("65a1f0c2b7e4d3a2f1e0c9b8", "POST", "", "application/json", headers, Map.of(), body);
    }

    private static byte[] mac(String algorithm, byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(key, algorithm));
        return mac.doFinal(data);
    }
}
