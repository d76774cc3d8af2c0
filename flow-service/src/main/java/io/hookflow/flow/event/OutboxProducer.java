package io.hookflow.flow.event;

import io.hookflow.flow.MessageHeader;
import io.hookflow.flow.OutgoingMessage;
import io.hookflow.flow.config.FlowConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sends outbox messages, each to its own topic, keyed and with the headers as stored, and waits until Kafka
 * acknowledged or refused each of them.
 */
@ApplicationScoped
public class OutboxProducer {

    private static final String CHANNEL = "outbox";

    private final MutinyEmitter<Record<byte[], byte[]>> emitter;
    private final KafkaClientService kafka;
    private final FlowConfig config;

    public OutboxProducer(@Channel(CHANNEL) MutinyEmitter<Record<byte[], byte[]>> emitter, KafkaClientService kafka,
                          FlowConfig config) {
        this.emitter = emitter;
        this.kafka = kafka;
        this.config = config;
    }

    /**
     * Sends the messages and answers the ids of those Kafka acknowledged; the others are to be sent again. Fails
     * (nothing sent) when the producer cannot even learn a topic's partitions in time, as when Kafka is down.
     */
    public Set<Long> send(List<OutgoingMessage> messages) {
        if (messages.isEmpty()) {
            return Set.of();
        }
        // A producer that does not know a topic's partitions blocks each send up to max.block.ms, one after the
        // other: asked first, it fails once rather than once per message.
        for (String topic : messages.stream().map(OutgoingMessage::topic).distinct().toList()) {
            kafka.getProducer(CHANNEL).partitionsFor(topic).await().atMost(config.outbox().sendTimeout());
        }
        List<Uni<Long>> sends = new ArrayList<>(messages.size());
        for (OutgoingMessage message : messages) {
            sends.add(emitter.sendMessage(toKafka(message))
                    .replaceWith(message.id())
                    .onFailure().recoverWithItem((Long) null));
        }
        List<Long> results = Uni.join().all(sends).andCollectFailures().await().atMost(config.outbox().sendTimeout());
        Set<Long> acknowledged = new HashSet<>();
        for (Long id : results) {
            if (id != null) {
                acknowledged.add(id);
            }
        }
        return acknowledged;
    }

    private static Message<Record<byte[], byte[]>> toKafka(OutgoingMessage message) {
        RecordHeaders headers = new RecordHeaders();
        for (MessageHeader header : message.headers()) {
            headers.add(new RecordHeader(header.key(), header.value()));
        }
        return Message.of(Record.of(message.key(), message.value()))
                .addMetadata(OutgoingKafkaRecordMetadata.<byte[]>builder()
                        .withTopic(message.topic())
                        .withHeaders(headers)
                        .build());
    }
}
