package io.hookflow.ingress;

import io.hookflow.testsupport.KafkaResource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static org.awaitility.Awaitility.await;

/** Plain Kafka clients against the in-JVM broker: publishes flow.changed, reads webhook.received. */
final class TestKafka implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;

    TestKafka() {
        String servers = KafkaResource.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            for (NewTopic topic : List.of(
                    new NewTopic("flow.changed", 3, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                    // As dev/launcher's KafkaTopics creates it: room for a 10 MiB body wrapped in its event.
                    new NewTopic("webhook.received", 6, (short) 1).configs(Map.of("max.message.bytes", "16777216")))) {
                try {
                    admin.createTopics(List.of(topic)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of("webhook.received"));
    }

    /** Publishes a flow.changed state message (docs/events.md). */
    void flowChanged(String flowId, String status, Integer activeVersion, String credentialId) {
        flowChanged(flowId, status, activeVersion, credentialId, 100);
    }

    void flowChanged(String flowId, String status, Integer activeVersion, String credentialId, int rateLimitPerSecond) {
        flowChanged(flowId, status, activeVersion, credentialId, "{\"rateLimitPerSecond\":" + rateLimitPerSecond + "}");
    }

    /** A flow.changed state message with these {@code settings} (JSON). */
    void flowChanged(String flowId, String status, Integer activeVersion, String credentialId, String settings) {
        String json = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"flowId\":\"" + flowId + "\",\"workspace\":\"demo\","
                + "\"name\":\"Test flow\",\"status\":\"" + status + "\",\"activeVersion\":" + activeVersion + ","
                + "\"webhook\":{\"stepId\":\"step_1\",\"credentialId\":\"" + credentialId + "\"},"
                + "\"settings\":" + settings + ",\"occurredAt\":\"" + Instant.now() + "\"}";
        send(flowId, json);
    }

    /** Publishes a deleted state followed by a tombstone, as flow-service does on delete. */
    void flowDeleted(String flowId) {
        send(flowId, "{\"flowId\":\"" + flowId + "\",\"workspace\":\"demo\",\"status\":\"deleted\"}");
        send(flowId, null);
    }

    void send(String key, String value) {
        try {
            producer.send(new ProducerRecord<>("flow.changed", key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the webhook.received record with this request id. */
    ConsumerRecord<String, String> awaitWebhook(String requestId) {
        ConsumerRecord<String, String>[] found = new ConsumerRecord[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.value() != null && record.value().contains("\"requestId\":\"" + requestId + "\"")) {
                    found[0] = record;
                }
            }
            return found[0] != null;
        });
        return found[0];
    }

    /**
     * Every webhook.received record with this request id: reads each partition from its beginning up to its end as
     * of now, with a consumer of its own (so nothing else's position moves).
     */
    List<ConsumerRecord<String, String>> allWebhooks(String requestId) {
        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = reader.partitionsFor("webhook.received").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions);
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<String, String> record : reader.poll(Duration.ofMillis(200))) {
                    if (record.value() != null && record.value().contains("\"requestId\":\"" + requestId + "\"")) {
                        found.add(record);
                    }
                }
                return partitions.stream().allMatch(p -> reader.position(p) >= end.get(p));
            });
            return found;
        }
    }

    @Override
    public void close() {
        producer.close();
        consumer.close();
    }
}
