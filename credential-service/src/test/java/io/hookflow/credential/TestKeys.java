package io.hookflow.credential;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Master keys of the tests: fixed, and protecting nothing real. */
final class TestKeys {

    /** {@code %test.credential.encryption.key} in application.properties, id {@code k1}. */
    static final String TEST_TEXT = "hookflow-test-key-NOT-FOR-PROD!!";
    static final String TEST = base64(TEST_TEXT);
    /** The current key once {@link KeyRotationTest} has rotated, id {@code k2}. */
    static final String ROTATED_TEXT = "hookflow-rotated-key-NOT-SECRET!";
    static final String ROTATED = base64(ROTATED_TEXT);
    /** An older retired key, id {@code k0}. */
    static final String OLDEST_TEXT = "hookflow-oldest-key-NOT-SECRET!!";
    static final String OLDEST = base64(OLDEST_TEXT);
    /** A key the service never holds. */
    static final String LOST_TEXT = "hookflow-lost-key-NOT-SECRET-!!!";
    static final String LOST = base64(LOST_TEXT);

    private TestKeys() {
    }

    private static String base64(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length != 32) {
            throw new IllegalStateException("a test key must be 32 bytes");
        }
        return Base64.getEncoder().encodeToString(bytes);
    }
}
