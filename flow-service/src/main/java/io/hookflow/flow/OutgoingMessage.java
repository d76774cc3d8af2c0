package io.hookflow.flow;

import java.util.List;

/** A Kafka message flow-service has committed to send (the outbox): where to, and the message as it goes out. */
public record OutgoingMessage(long id, String topic, byte[] key, byte[] value, List<MessageHeader> headers) {

    public OutgoingMessage {
        headers = headers == null ? List.of() : List.copyOf(headers);
    }
}
