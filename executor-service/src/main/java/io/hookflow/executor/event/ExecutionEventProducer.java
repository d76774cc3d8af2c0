package io.hookflow.executor.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Kafka out: {@code execution.recorded} records and {@code webhook.received.dlq} dead letters. Each send
 * answers a future that completes when the broker acknowledged the record (acks=all), so callers can hold
 * back the incoming offset until then.
 */
@ApplicationScoped
public class ExecutionEventProducer {

    /** Header naming why an execution failed. */
    public static final String ERROR_HEADER = "hookflow-error";
    /** Header naming the step an execution failed in (empty when it failed before any step ran). */
    public static final String FAILED_STEP_HEADER = "hookflow-failed-step";

    private final MutinyEmitter<byte[]> records;
    private final MutinyEmitter<byte[]> deadLetters;
    private final ObjectMapper mapper;

    ExecutionEventProducer(@Channel("execution-recorded") MutinyEmitter<byte[]> records,
                           @Channel("webhook-received-dlq") MutinyEmitter<byte[]> deadLetters,
                           ObjectMapper mapper) {
        this.records = records;
        this.deadLetters = deadLetters;
        this.mapper = mapper;
    }

    /** Writes {@code event} to {@code execution.recorded}, keyed by its flow id, as UTF-8 JSON. */
    public CompletableFuture<Void> record(ExecutionRecordedEvent event) {
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
        Message<byte[]> message = Message.of(json).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.flowId())
                .build());
        return records.sendMessage(message).subscribeAsCompletionStage();
    }

    /** Writes the original {@code webhook.received} message, unchanged (the same bytes), to the dead-letter topic. */
    public CompletableFuture<Void> deadLetter(String key, byte[] value, Headers originalHeaders, String error,
                                              String failedStep) {
        RecordHeaders headers = new RecordHeaders();
        if (originalHeaders != null) {
            for (Header header : originalHeaders) {
                if (!ERROR_HEADER.equals(header.key()) && !FAILED_STEP_HEADER.equals(header.key())) {
                    headers.add(header);
                }
            }
        }
        headers.add(new RecordHeader(ERROR_HEADER, utf8(error)));
        headers.add(new RecordHeader(FAILED_STEP_HEADER, utf8(failedStep)));
        Message<byte[]> message = Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key)
                .withHeaders(headers)
                .build());
        return deadLetters.sendMessage(message).subscribeAsCompletionStage();
    }

    private static byte[] utf8(String value) {
        return (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
    }
}
