package io.hookflow.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

/**
 * Signs the tokens of module tests with a fixed RSA key pair that protects nothing real: a service's test
 * configuration verifies them with {@link #PUBLIC_KEY} ({@code %test.quarkus.oidc.internal.public-key}).
 */
public final class ServiceTokens {

    /** The public half, base64 DER (X.509 SubjectPublicKeyInfo), for {@code quarkus.oidc.*.public-key}. */
    public static final String PUBLIC_KEY = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAkH6IqSF65Kwf3uq15ZsNtYQvuozlEI0x3yQ4Ys6cvH8SNKyuGyceOReZsoYgWKNBx5oB5MYd3I+VVnsPp4wtyiVmvcgWTpZBtJ0iuQ87gEqr1N6IGBDn3PE8ErpBbaVFU2WSF9Z/l/IbY8WVVM91NDxqRHhAz7nPL+EcdTVAJkJ9jHN79/bo37jT/EHkNxJpO66Fu3xYvjTnWtSGFjnUHFZTX40mD3SCswsewbbMgvwPIhqpMWN6rL6cuTQqOU+6kSMFY04xzGyoo7N6PwHAewYW/TxxSwTHqv0QBaMZMeow3I1JslxLXRma7asjomDQX1LeETSSAKZ0Gu4ebPhtHwIDAQAB";

    // test-only key, committed on purpose: it is trusted by %test configuration alone
    private static final String PRIVATE_KEY = "MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQCQfoipIXrkrB/e6rXlmw21hC+6jOUQjTHfJDhizpy8fxI0rK4bJx45F5myhiBYo0HHmgHkxh3cj5VWew+njC3KJWa9yBZOlkG0nSK5DzuASqvU3ogYEOfc8TwSukFtpUVTZZIX1n+X8htjxZVUz3U0PGpEeEDPuc8v4Rx1NUAmQn2Mc3v39ujfuNP8QeQ3Emk7roW7fFi+NOda1IYWOdQcVlNfjSYPdIKzCx7BtsyC/A8iGqkxY3qsvpy5NCo5T7qRIwVjTjHMbKijs3o/AcB7Bhb9PHFLBMeq/RAFoxkx6jDcjUmyXEtdGZrtqyOiYNBfUt4RNJIApnQa7h5s+G0fAgMBAAECggEACln2Ql+SpUUrd1XLOCq2fbV9kdi8JEZpNzoqC/IPSnW0ATAJvQo9YQuuyBpRwOfZM4p17kS/KOjkYvCn+3HQafXp+ViXOIQNKvpC3Y0YzyUKUFKs30R+x9ZEXncXbtpzL/lL0Qdd1q3ShoBGJXBDTj2xwzv2MKt4C08OMdthwBvRt2IWeUFW0jrTBQtc+/A9Yh031akct8a6NyLWEfkdUSawirJbaywcv9O9O1GbCBzdTP2VVHHtyzEeH3oOs1MrbDBKy7C8rdBqjK0rWDwZ5GPqZlW8D2PAfvhLulFAsxWfh0lUcQresV0PWBRsrHc9PFyehnqdLs/5fytugtIY6QKBgQDLQFIlRzrFQ281bvQv6SqJBT7pH/2Ie1EtNkYh8N4u05shcLCx5RRXs+2DqoFVbgJH9TixBkUUKlVN3Efq/AlmoU+qNjE0LHxfxxDA136W+WTyijrpQdbryw3898RIsTjFvVsd1OrRFrPsi9/DjNCyUPdXICc8qhtS1VVvPndYCwKBgQC1/n7pyHbHGmz+QJ50td/ztrP9gcMPPrim5wxH23cOc1DU1gC1E8XdBwzBCaQGZFEbNTtEAz7+d5DEjWn5esmIC1KDCSbJCBQIrfoE9JoAa+JQAH5t20dGNz3Tm13b/UR/FVWgzZ0c6eFA1NtrYIqEelO8bSVX4KZEYPjwtVBnvQKBgDKpxdAlATFKrd3T2mpW5JNjC1tw7fGnS4TJkpHDSJ7DgFfFj0XIpFl4MCwxxCtXUJo/NfJqba2pH7pYvlSEnpNGgmUbPQiUTixRootvK87WO6N5cVXTY49C/imgWP0Fr/EaUiwNdrrHvfGorA5Ce4L3S7AcA6vLeyQaqUEhgP4hAoGAZ/9X8qv1A+2b3uZ6JeNQaGo9DF48YtfKmMVrBRzqOb23sQfhO5hi9tzyctTZgDWPC2ctyL26H5ufhFHy/vcldrJRokN2gGY3XIZeWrqTzi3YEzNVC93EKuGiWOtthSqDG8PLPKqCX2VerLd18zQls3Jbq08Lid375RMs7hAONFkCgYBOg3c4o+wARJsNJEast399n11cA7amkCYyL+OXir/i9Gs1MsObFjDHQemrQakO2O+IFPqvgpRXAQ4EDG5OXryvvmHTOq2sLsTFm/uLWNcSCrQJzmIpzreuGNXCG+FIe3nmVIuSysHgzwKhSP3adr1jdRmExmkvhc4YutFvx4GQxw==";

    private ServiceTokens() {
    }

    /** A token of service {@code name} (Keycloak client {@code hookflow-<name>}) for internal calls. */
    public static String service(String name) {
        return token("hookflow-" + name, "hookflow-internal", false);
    }

    /** A token fetched by {@code client} for {@code audience}. */
    public static String token(String client, String audience) {
        return token(client, audience, false);
    }

    /** Like {@link #service} but with a signature that does not verify. */
    public static String badlySigned(String name) {
        return token("hookflow-" + name, "hookflow-internal", true);
    }

    /**
     * For stubs of a callee: the client ({@code azp}) of the bearer token in an {@code Authorization} header, null when
     * there is none. The signature is not checked; the callee's own tests do that.
     */
    public static String clientOf(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String[] parts = authorization.substring("Bearer ".length()).split("\\.");
        if (parts.length != 3) {
            return null;
        }
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        java.util.regex.Matcher azp = java.util.regex.Pattern.compile("\"azp\":\"([^\"]*)\"").matcher(payload);
        return azp.find() ? azp.group(1) : null;
    }

    private static String token(String client, String audience, boolean spoilSignature) {
        long now = Instant.now().getEpochSecond();
        String header = base64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
        String payload = base64("{\"iss\":\"https://keycloak.test/realms/hookflow\",\"sub\":\"service-account-" + client
                + "\",\"aud\":\"" + audience + "\",\"azp\":\"" + client + "\",\"iat\":" + now + ",\"exp\":" + (now + 300)
                + ",\"preferred_username\":\"service-account-" + client + "\"}");
        byte[] signature = sign(header + "." + payload);
        if (spoilSignature) {
            signature[signature.length / 2] ^= 0x01;
        }
        return header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sign(String content) {
        try {
            PrivateKey key = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(PRIVATE_KEY)));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(content.getBytes(StandardCharsets.UTF_8));
            return rsa.sign();
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a test token", e);
        }
    }
}
