package io.hookflow.flow.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.flow.MessageHeader;
import io.hookflow.flow.OriginalMessage;
import io.hookflow.flow.service.DeadLetterService;
import io.hookflow.flow.service.DeadLetterService.Arrival;
import io.hookflow.flow.service.DeadLetterService.Position;
import io.hookflow.flow.service.DeadLetterService.Webhook;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Consumes {@code webhook.received.dlq} a poll at a time and stores each dead letter once (the service ignores a
 * topic, partition and offset it already holds, so redelivery after a restart or rebalance stores nothing twice).
 * Nothing is skipped for its content: a value that is not a {@code webhook.received} event is stored as it is, with
 * what its key tells. A database failure is retried and then fails the channel; offsets are committed only after
 * the poll's transaction committed.
 */
@ApplicationScoped
public class DeadLetterListener {

    private static final String PREFIX = "hookflow-";

    private final ObjectMapper objectMapper;
    private final DeadLetterService deadLetters;

    public DeadLetterListener(ObjectMapper objectMapper, DeadLetterService deadLetters) {
        this.objectMapper = objectMapper;
        this.deadLetters = deadLetters;
    }

    @Incoming("dead-letters")
    @Blocking
    @Retry(maxRetries = 5, delay = 1000)
    public void onDeadLetters(ConsumerRecords<byte[], byte[]> records) {
        List<Arrival> arrivals = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            arrivals.add(read(record));
        }
        deadLetters.store(arrivals);
    }

    Arrival read(ConsumerRecord<byte[], byte[]> record) {
        List<MessageHeader> original = new ArrayList<>();
        for (Header header : record.headers()) {
            if (!header.key().startsWith(PREFIX)) {
                original.add(new MessageHeader(header.key(), header.value()));
            }
        }
        Instant deadAt = record.timestamp() >= 0 && record.timestampType() != TimestampType.NO_TIMESTAMP_TYPE
                ? Instant.ofEpochMilli(record.timestamp()) : Instant.now();
        return new Arrival(new Position(record.topic(), record.partition(), record.offset()), deadAt,
                header(record, RetryMessages.ERROR_HEADER), header(record, RetryMessages.FAILED_STEP_HEADER),
                webhook(record.value()), utf8(record.key()),
                new OriginalMessage(record.key(), record.value(), original));
    }

    /** The event's identity, or null when the value is no {@code webhook.received} event naming a flow and request. */
    private Webhook webhook(byte[] value) {
        if (value == null) {
            return null;
        }
        JsonNode event;
        try {
            event = objectMapper.readTree(value);
        } catch (IOException e) {
            return null;
        }
        if (event == null || !event.isObject()) {
            return null;
        }
        String flowId = text(event.get("flowId"));
        String requestId = text(event.get("requestId"));
        if (flowId == null || requestId == null) {
            return null;
        }
        JsonNode version = event.get("flowVersion");
        Integer flowVersion = version != null && version.canConvertToInt() && version.isIntegralNumber()
                ? version.intValue() : null;
        return new Webhook(flowId, requestId, text(event.get("workspace")), flowVersion);
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() && !node.textValue().isEmpty() ? node.textValue() : null;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The bytes as text if they are well-formed UTF-8, else null. */
    private static String utf8(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
