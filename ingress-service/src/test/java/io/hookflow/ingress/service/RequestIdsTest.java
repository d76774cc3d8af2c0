package io.hookflow.ingress.service;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdsTest {

    @Test
    void derivesTheSameIdForTheSameFlowAndWebhookId() throws Exception {
        String id = RequestIds.fromWebhookId("65a1f0c2b7e4d3a2f1e0c9b8", "msg_p5jXN8AQM9LWM0D4loKWxJek");
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest("65a1f0c2b7e4d3a2f1e0c9b8:msg_p5jXN8AQM9LWM0D4loKWxJek".getBytes(StandardCharsets.UTF_8));
        assertThat(id).isEqualTo(HexFormat.of().formatHex(digest).substring(0, 32)).matches("[0-9a-f]{32}");
        assertThat(RequestIds.fromWebhookId("65a1f0c2b7e4d3a2f1e0c9b8", "msg_p5jXN8AQM9LWM0D4loKWxJek")).isEqualTo(id);
    }

    @Test
    void derivesDifferentIdsForAnotherFlowOrWebhookId() {
        String id = RequestIds.fromWebhookId("flow-a", "msg_1");
        assertThat(RequestIds.fromWebhookId("flow-b", "msg_1")).isNotEqualTo(id);
        assertThat(RequestIds.fromWebhookId("flow-a", "msg_2")).isNotEqualTo(id);
    }

    @Test
    void reusesA32HexIncomingIdAndReplacesOthers() {
        assertThat(RequestIds.reuseOrCreate("0123456789abcdef0123456789ABCDEF")).isEqualTo("0123456789abcdef0123456789ABCDEF");
        assertThat(RequestIds.reuseOrCreate("short")).matches("[0-9a-f]{32}");
        assertThat(RequestIds.reuseOrCreate(null)).matches("[0-9a-f]{32}");
        for (String invalid : new String[] {"0123456789abcdef0123456789abcdeg", "0123456789abcdef0123456789abcde",
                "0123456789abcdef0123456789abcdef0", "0123456789abcdef0123456789abcde\uFF10", "0123456789abcdef 123456789abcdef"}) {
            assertThat(RequestIds.reuseOrCreate(invalid)).as(invalid).isNotEqualTo(invalid).matches("[0-9a-f]{32}");
        }
    }
}
