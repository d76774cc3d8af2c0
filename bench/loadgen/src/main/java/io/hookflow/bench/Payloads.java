package io.hookflow.bench;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Random;

/** Webhook bodies of a given size and their HMAC signatures. */
final class Payloads {

    private Payloads() {
    }

    /**
     * A JSON object of exactly {@code size} bytes: the tutorial's two fields, then line items with varied
     * text (a little like an order webhook), padded at the end. Seeded, so each size is always the same body.
     */
    static byte[] json(int size) {
        Random random = new Random(size);
        StringBuilder json = new StringBuilder(size + 128).append("{\"petname\":\"Gromit\",\"petstatus\":\"sold\",\"items\":[");
        String tail = "],\"note\":\"\"}";
        int n = 0;
        while (true) {
            String item = (n == 0 ? "" : ",") + "{\"sku\":\"SKU-" + (100000 + random.nextInt(900000)) + "\",\"qty\":"
                    + (1 + random.nextInt(9)) + ",\"price\":" + random.nextInt(10000) / 100.0 + ",\"title\":\""
                    + words(random, 3 + random.nextInt(5)) + "\"}";
            if (json.length() + item.length() + tail.length() > size) {
                break;
            }
            json.append(item);
            n++;
        }
        json.append("],\"note\":\"");
        while (json.length() + 2 < size) {
            json.append((char) ('a' + random.nextInt(26)));
        }
        json.append("\"}");
        byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length != size) {
            throw new IllegalStateException("payload of " + bytes.length + " bytes instead of " + size);
        }
        return bytes;
    }

    private static String words(Random random, int count) {
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < count; w++) {
            if (w > 0) {
                text.append(' ');
            }
            int length = 3 + random.nextInt(7);
            for (int c = 0; c < length; c++) {
                text.append((char) ('a' + random.nextInt(26)));
            }
        }
        return text.toString();
    }

    /** Lower-case hex HMAC-SHA256 of {@code body}: what a webhook-hmac credential with defaults expects. */
    static String hmacSha256Hex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
