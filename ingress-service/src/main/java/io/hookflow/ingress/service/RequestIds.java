package io.hookflow.ingress.service;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Request ids: 32 hex characters, the caller's own {@code x-request-id} when it has that form. */
public final class RequestIds {

    private static final Pattern VALID = Pattern.compile("[0-9a-fA-F]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestIds() {
    }

    /** The incoming id when it is exactly 32 hex characters, else a new random one. */
    public static String reuseOrCreate(String incoming) {
        if (incoming != null && VALID.matcher(incoming).matches()) {
            return incoming;
        }
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
