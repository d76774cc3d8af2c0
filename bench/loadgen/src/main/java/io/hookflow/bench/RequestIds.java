package io.hookflow.bench;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Request ids the load generator chooses: 12 random hex characters per run, then the sequence number. */
final class RequestIds {

    static final int PREFIX_LENGTH = 12;

    private RequestIds() {
    }

    static String newPrefix() {
        byte[] bytes = new byte[PREFIX_LENGTH / 2];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** 32 lower-case hex characters: ingress accepts them as the request id. */
    static String of(String prefix, long seq) {
        String hex = Long.toHexString(seq);
        return prefix + "0".repeat(32 - PREFIX_LENGTH - hex.length()) + hex;
    }

    static long seqOf(String requestId) {
        return Long.parseLong(requestId.substring(PREFIX_LENGTH), 16);
    }
}
