package io.hookflow.ingress.auth;

/**
 * Hex and base64 decoding of a part of a header value into a reused buffer, so that checking a signature allocates
 * nothing. Each answers the number of bytes written, or -1 when the text is not valid or does not fit.
 */
final class Encodings {

    private static final byte[] BASE64 = new byte[128];

    static {
        java.util.Arrays.fill(BASE64, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            BASE64[alphabet.charAt(i)] = (byte) i;
        }
        // The URL-safe alphabet too: some senders use it, and it is unambiguous.
        BASE64['-'] = 62;
        BASE64['_'] = 63;
    }

    private Encodings() {
    }

    /** Hex (either case) of {@code text[from, to)} into {@code out}. */
    static int decodeHex(String text, int from, int to, byte[] out) {
        int length = to - from;
        if ((length & 1) != 0 || length / 2 > out.length) {
            return -1;
        }
        for (int i = 0; i < length / 2; i++) {
            int high = Character.digit(text.charAt(from + 2 * i), 16);
            int low = Character.digit(text.charAt(from + 2 * i + 1), 16);
            if (high < 0 || low < 0) {
                return -1;
            }
            out[i] = (byte) (high << 4 | low);
        }
        return length / 2;
    }

    /** Base64 (standard or URL-safe alphabet, padding optional) of {@code text[from, to)} into {@code out}. */
    static int decodeBase64(String text, int from, int to, byte[] out) {
        int end = to;
        int padding = 0;
        while (end > from && text.charAt(end - 1) == '=' && padding < 2) {
            end--;
            padding++;
        }
        int chars = end - from;
        if (chars % 4 == 1 || (padding > 0 && (chars + padding) % 4 != 0) || chars * 3 / 4 > out.length) {
            return -1;
        }
        int bits = 0;
        int buffer = 0;
        int written = 0;
        for (int i = from; i < end; i++) {
            char c = text.charAt(i);
            int value = c < 128 ? BASE64[c] : -1;
            if (value < 0) {
                return -1;
            }
            buffer = buffer << 6 | value;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[written++] = (byte) (buffer >> bits);
            }
        }
        return written;
    }

    /** The largest number of bytes {@code chars} base64 characters decode to. */
    static int maxBase64Bytes(int chars) {
        return chars * 3 / 4 + 1;
    }
}
