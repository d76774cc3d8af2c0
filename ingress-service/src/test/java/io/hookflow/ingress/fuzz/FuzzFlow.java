package io.hookflow.ingress.fuzz;

/**
 * A live flow the fuzzer sends to: its id, its webhook credential's type, and whether the fuzzer sends it the right
 * credentials (a clean flow never fails authentication, so its calls are never refused for failing too often).
 */
public record FuzzFlow(String id, Auth auth, boolean clean) {

    /** The credential types, with the configs the fuzz test registers for them. */
    public enum Auth {
        NOAUTH("webhook-noauth", "{}"),
        BASIC("webhook-basic", "{\"username\":\"fuzz\",\"password\":\"pässwörd:ü\"}"),
        APIKEY("webhook-apikey", "{\"headerName\":\"X-Fuzz-Key\",\"apiKey\":\"kéy-🔑\"}"),
        HMAC("webhook-hmac", "{\"secret\":\"fuzz-secret\"}"),
        STANDARD("webhook-hmac", "{\"secret\":\"" + FuzzRequestGenerator.STANDARD_SECRET + "\",\"replayProtection\":true}");

        public final String type;
        public final String config;

        Auth(String type, String config) {
            this.type = type;
            this.config = config;
        }
    }
}
