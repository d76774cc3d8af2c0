package io.hookflow.ingress.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookAcceptedTest {

    @Test
    void writesTheSameJsonAsJackson() throws Exception {
        String requestId = "0123456789abcdef0123456789ABCDEF";
        assertThat(WebhookAccepted.json("65f1c2a9e4b0a1b2c3d4e5f6", requestId))
                .isEqualTo(new ObjectMapper().writeValueAsBytes(WebhookAccepted.of("65f1c2a9e4b0a1b2c3d4e5f6", requestId)));
    }

    @Test
    void escapesAFlowIdThatNeedsIt() throws Exception {
        String requestId = "0123456789abcdef0123456789abcdef";
        assertThat(WebhookAccepted.json("a\"b\\c\u00e9", requestId))
                .isEqualTo(new ObjectMapper().writeValueAsBytes(WebhookAccepted.of("a\"b\\c\u00e9", requestId)));
    }

    @Test
    void theExecutionIdIsTheFlowAndTheRequest() {
        assertThat(WebhookAccepted.of("flow1", "0123456789abcdef0123456789abcdef").executionId())
                .isEqualTo("flow1-0123456789abcdef0123456789abcdef");
    }
}
