package io.hookflow.flow.support;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * The executor's side of dead letters and retries, on the real test broker: {@code webhook.received.dlq} messages
 * written as the executor writes them, and what flow-service sends to {@code execution.deferred} and
 * {@code webhook.received} read back as bytes.
 */
public final class DeadLetters {

    public static final String DLQ = "webhook.received.dlq";
    public static final String DEFERRED = "execution.deferred";
    public static final String WEBHOOK = "webhook.received";

    private static KafkaProducer<byte[], byte[]> producer;

    private DeadLetters() {
    }

    /** A {@code webhook.received} event of the flow, as ingress writes it. */
    public static byte[] webhookEvent(String flowId, String requestId, String workspace) {
        return ("{\"requestId\":\"" + requestId + "\",\"flowId\":\"" + flowId + "\",\"workspace\":\"" + workspace
                + "\",\"flowVersion\":1,\"receivedAt\":\"2026-11-28T20:40:03.123Z\",\"method\":\"POST\",\"path\":\"\","
                + "\"contentType\":\"application/json\",\"headers\":{},\"query\":{},"
                + "\"body\":{\"petname\":\"Gromit\",\"petstatus\":\"Sold\"}}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes a dead letter as the executor does: the original key, value and a {@code traceparent} header, plus
     * {@code hookflow-error} and {@code hookflow-failed-step}; {@code deadAt} is the record's timestamp (now when
     * null).
     */
    public static synchronized RecordMetadata send(String key, byte[] value, String error, String failedStep,
                                                   Instant deadAt) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, FlowChangedReader.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"),
                    new ByteArraySerializer(), new ByteArraySerializer());
        }
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(DLQ, null,
                deadAt == null ? null : deadAt.toEpochMilli(),
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
        record.headers().add(new RecordHeader("traceparent", bytes("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")));
        record.headers().add(new RecordHeader("hookflow-error", bytes(error)));
        record.headers().add(new RecordHeader("hookflow-failed-step", bytes(failedStep == null ? "" : failedStep)));
        try {
            return producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Creates the topic unless it exists, so that its configuration can be changed before anything was written. */
    public static void ensureTopic(String topic) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes the broker refuse every write to the topic (no record fits its max.message.bytes). */
    public static void refuseWrites(String topic) {
        alter(topic, new AlterConfigOp(new ConfigEntry("max.message.bytes", "1"), AlterConfigOp.OpType.SET));
    }

    public static void acceptWrites(String topic) {
        alter(topic, new AlterConfigOp(new ConfigEntry("max.message.bytes", ""), AlterConfigOp.OpType.DELETE));
    }

    private static void alter(String topic, AlterConfigOp op) {
        try (Admin admin = admin()) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(op)))
                    .all().get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, FlowChangedReader.bootstrapServers()));
    }

    /** Reads a topic from its start, as bytes, with its own consumer group. */
    public static final class Reader implements AutoCloseable {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();

        public Reader(String topic) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, FlowChangedReader.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "flow-test-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(topic));
        }

        /** The records whose value equals {@code value}, waiting until there is at least one. */
        public List<ConsumerRecord<byte[], byte[]>> awaitValue(byte[] value) {
            return awaitMatching(r -> Arrays.equals(value, r.value()));
        }

        /** The records matching, waiting until there is at least one. */
        public List<ConsumerRecord<byte[], byte[]>> awaitMatching(Predicate<ConsumerRecord<byte[], byte[]>> matching) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.stream().anyMatch(matching);
            });
            return seen.stream().filter(matching).toList();
        }

        /** The records matching among all read so far after polling once more. */
        public List<ConsumerRecord<byte[], byte[]>> readNow(Predicate<ConsumerRecord<byte[], byte[]>> matching) {
            consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
            return seen.stream().filter(matching).toList();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    /** The value of the record's last header of that name as text, or null. */
    public static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
