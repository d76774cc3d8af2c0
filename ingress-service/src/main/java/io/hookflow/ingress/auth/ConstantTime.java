package io.hookflow.ingress.auth;

/**
 * Comparisons of secrets whose running time depends only on the lengths involved, never on where the first
 * difference is (the same scheme as {@link java.security.MessageDigest#isEqual}, but over a range of a reused
 * buffer or over a String, so that the hot path copies nothing).
 */
final class ConstantTime {

    private ConstantTime() {
    }

    /** Whether {@code actual[offset, offset + length)} equals {@code expected}; the time depends on the lengths only. */
    static boolean equals(byte[] expected, byte[] actual, int offset, int length) {
        int diff = expected.length ^ length;
        for (int i = 0; i < expected.length; i++) {
            int a = i < length ? actual[offset + i] : 0;
            diff |= expected[i] ^ a;
        }
        return diff == 0;
    }

    /** Whether {@code actual} equals {@code expected}, char by char (the same as comparing their UTF-8 bytes). */
    static boolean equals(String expected, String actual) {
        int length = actual.length();
        int diff = expected.length() ^ length;
        for (int i = 0; i < expected.length(); i++) {
            int a = i < length ? actual.charAt(i) : 0;
            diff |= expected.charAt(i) ^ a;
        }
        return diff == 0;
    }
}
