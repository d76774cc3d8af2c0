package io.hookflow.ingress.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookAcceptedTest {

    @Test
    void writesTheSameJsonAsJackson() throws Exception {
        String requestId = "0123456789abcdef0123456789ABCDEF";
        assertThat(WebhookAccepted.json(requestId))
                .isEqualTo(new ObjectMapper().writeValueAsBytes(WebhookAccepted.of(requestId)));
    }
}
