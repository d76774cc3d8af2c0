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

    /**
     * Whether the header value {@code actual} carries exactly the bytes {@code expected}. The HTTP layer turns each byte
     * of a header into one char (ISO-8859-1), so a value a client sent as UTF-8 is compared byte for byte with the
     * secret's UTF-8 bytes; a char over 0xFF (which no header decodes to) never matches. The time depends on the
     * lengths only.
     */
    static boolean equalsHeaderBytes(byte[] expected, String actual) {
        int length = actual.length();
        int diff = expected.length ^ length;
        for (int i = 0; i < expected.length; i++) {
            int a = i < length ? actual.charAt(i) : 0;
            diff |= (expected[i] & 0xFF) ^ a;
        }
        return diff == 0;
    }
}
