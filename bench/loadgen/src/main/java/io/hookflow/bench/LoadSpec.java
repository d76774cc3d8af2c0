package io.hookflow.bench;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

import java.time.Duration;
import java.util.List;

/**
 * One open-loop load: POST {@code body} at {@code rate} requests per second for {@code duration}; request
 * {@code i} goes to {@code paths[i % paths.size()]}.
 *
 * @param requestIdPrefix when set, request {@code i} carries {@code x-request-id} = prefix + {@code i} in hex
 *                        (ingress reuses it as the requestId, so run records can be matched to send times)
 */
record LoadSpec(String name, List<String> paths, MultiMap headers, Buffer body, double rate, Duration duration,
                String requestIdPrefix) {
}
