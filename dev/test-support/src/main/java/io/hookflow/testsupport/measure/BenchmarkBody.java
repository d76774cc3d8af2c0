package io.hookflow.testsupport.measure;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * The benchmark's webhook body, byte for byte what {@code bench/loadgen}'s {@code Payloads.json(size)} sends
 * (the tutorial's two fields, line items, padding), so that a module's measurement and the platform benchmark
 * measure the same work.
 */
public final class BenchmarkBody {

    private BenchmarkBody() {
    }

    /** The body of about {@code size} bytes (1 KiB in the benchmark's accept and end-to-end scenarios). */
    public static byte[] json(int size) {
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
        return json.toString().getBytes(StandardCharsets.UTF_8);
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
}
