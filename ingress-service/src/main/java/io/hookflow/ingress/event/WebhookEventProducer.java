package io.hookflow.ingress.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Publishes {@code webhook.received}, keyed by flow id; the returned Uni completes when Kafka acknowledged. */
@ApplicationScoped
public class WebhookEventProducer {

    private final MutinyEmitter<String> emitter;
    private final ObjectMapper mapper;

    public WebhookEventProducer(@Channel("webhook-received") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
                                MutinyEmitter<String> emitter, ObjectMapper mapper) {
        this.emitter = emitter;
        this.mapper = mapper;
    }

    /** Completes once the broker has the event ({@code acks=all}), fails when it does not take it. */
    public Uni<Void> publish(WebhookReceived event) {
        return Uni.createFrom().deferred(() -> {
            String json;
            try {
                json = mapper.writeValueAsString(event);
            } catch (JsonProcessingException e) {
                return Uni.createFrom().failure(e);
            }
            Message<String> message = Message.of(json).addMetadata(
                    OutgoingKafkaRecordMetadata.<String>builder().withKey(event.flowId()).build());
            return emitter.sendMessage(message);
        });
    }
}
