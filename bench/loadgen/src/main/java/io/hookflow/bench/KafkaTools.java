package io.hookflow.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Direct Kafka access the benchmark needs: synthetic {@code flow.changed} messages (many active flows
 * without the admin API), and the executor's consumer group (its lag; skipping events the ingress-only
 * scenarios produced).
 */
final class KafkaTools implements AutoCloseable {

    static final String FLOW_CHANGED = "flow.changed";
    static final String WEBHOOK_RECEIVED = "webhook.received";
    static final String EXECUTOR_GROUP = "executor";
    /** How synthetic flows are named, so leftovers of an interrupted run can be found. */
    static final String SYNTHETIC_NAME = "bench synthetic ";

    private final Properties client;
    private final Admin admin;
    private final KafkaProducer<String, String> producer;

    /**
     * Logs in as the local command's Kafka user {@code admin} (password in {@code <home>/secrets/kafka-admin}): the
     * benchmark publishes flows, moves the executor's offsets and reads every topic, which no service may do.
     */
    KafkaTools(String bootstrap, Path home) {
        Path passwordFile = home.resolve("secrets").resolve("kafka-admin");
        String password;
        try {
            password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("no Kafka admin password in " + passwordFile + ": is './hookflow up' running?", e);
        }
        this.client = new Properties();
        client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        client.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        client.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        client.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"admin\" password=\"" + password + "\";");
        this.admin = Admin.create(client);
        Properties producer = new Properties();
        producer.putAll(client);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producer.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        producer.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        producer.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        this.producer = new KafkaProducer<>(producer);
    }

    /**
     * Publishes an active-flow {@code flow.changed} message (docs/events.md) for each id, as flow-service
     * would after a start, guarded by {@code credentialId}. Answers the last id written to each partition:
     * once ingress knows those, it has read all of them.
     */
    Map<Integer, String> publishActiveFlows(List<String> flowIds, String workspace, String credentialId, int rateLimit) {
        String now = Instant.now().toString();
        return send(flowIds, id -> {
            ObjectNode event = AdminApi.JSON.createObjectNode()
                    .put("eventId", UUID.randomUUID().toString()).put("flowId", id).put("workspace", workspace)
                    .put("name", SYNTHETIC_NAME + id).put("status", "active").put("activeVersion", 1);
            event.putObject("webhook").put("stepId", "step_1").put("credentialId", credentialId);
            event.putObject("settings").put("rateLimitPerSecond", rateLimit);
            event.put("occurredAt", now);
            return event.toString();
        });
    }

    /** Tombstones (null values) for each id: ingress forgets the flows, compaction drops them later. */
    Map<Integer, String> deleteFlows(List<String> flowIds) {
        return send(flowIds, id -> null);
    }

    private Map<Integer, String> send(List<String> flowIds, Function<String, String> value) {
        // Callbacks for one partition run in send order, so the last one written wins.
        Map<Integer, String> lastByPartition = new ConcurrentHashMap<>();
        AtomicReference<Exception> failed = new AtomicReference<>();
        for (String id : flowIds) {
            producer.send(new ProducerRecord<>(FLOW_CHANGED, id, value.apply(id)), (metadata, failure) -> {
                if (failure == null) {
                    lastByPartition.put(metadata.partition(), id);
                } else {
                    failed.set(failure);
                }
            });
        }
        producer.flush();
        if (failed.get() != null) {
            throw new IllegalStateException("Kafka refused a flow.changed message: " + failed.get(), failed.get());
        }
        return Map.copyOf(lastByPartition);
    }

    /** Compaction settings {@link #compactFlowChanged} sets for a while, then puts back. */
    private static final Map<String, String> COMPACT_NOW = Map.of(
            "segment.ms", "100",
            "min.cleanable.dirty.ratio", "0.01",
            "delete.retention.ms", "100",
            "min.compaction.lag.ms", "0",
            "max.compaction.lag.ms", "100");

    /**
     * Has Kafka compact {@code flow.changed} now, so the synthetic flows and their tombstones are gone and an
     * ingress that starts later does not read them again. Compaction only touches closed segments: the topic's
     * settings are made eager for a while, a tombstone per partition (for keys already deleted) rolls the
     * segments, and the topic's previous settings are put back afterwards. Answers the records left, or -1
     * when the topic still holds more than {@code target} records after {@code timeout}.
     */
    long compactFlowChanged(Map<Integer, String> keyPerPartition, long target, Duration timeout) {
        ConfigResource topic =
                new ConfigResource(ConfigResource.Type.TOPIC, FLOW_CHANGED);
        Map<String, String> previous = new HashMap<>();
        try {
            Config config = admin.describeConfigs(List.of(topic)).all()
                    .get(30, TimeUnit.SECONDS).get(topic);
            for (String key : COMPACT_NOW.keySet()) {
                ConfigEntry entry = config.get(key);
                if (entry != null && entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                    previous.put(key, entry.value());
                }
            }
            alter(topic, COMPACT_NOW);
            Instant deadline = Instant.now().plus(timeout);
            long left = Long.MAX_VALUE;
            while (Instant.now().isBefore(deadline)) {
                Thread.sleep(2_000);
                for (String key : keyPerPartition.values()) {
                    producer.send(new ProducerRecord<>(FLOW_CHANGED, key, null)); // rolls the partition's segment
                }
                producer.flush();
                left = countRecords(FLOW_CHANGED);
                if (left <= target) {
                    return left;
                }
            }
            return -1;
        } catch (Exception e) {
            throw new IllegalStateException("could not compact flow.changed: " + e, e);
        } finally {
            Map<String, String> restore = new HashMap<>();
            for (String key : COMPACT_NOW.keySet()) {
                restore.put(key, previous.get(key)); // null: back to the broker's default
            }
            try {
                alter(topic, restore);
            } catch (Exception e) {
                System.err.println("bench: could not put flow.changed's settings back: " + e);
            }
        }
    }

    private void alter(ConfigResource topic, Map<String, String> values) throws Exception {
        List<AlterConfigOp> ops = new ArrayList<>();
        values.forEach((key, value) -> ops.add(value == null
                ? new AlterConfigOp(new ConfigEntry(key, ""),
                        AlterConfigOp.OpType.DELETE)
                : new AlterConfigOp(new ConfigEntry(key, value),
                        AlterConfigOp.OpType.SET)));
        admin.incrementalAlterConfigs(Map.of(topic, ops)).all().get(30, TimeUnit.SECONDS);
    }

    /** What {@code flow.changed} holds now. */
    record FlowChangedContents(long records, long liveFlows, List<String> syntheticFlows) {
    }

    /**
     * Reads {@code flow.changed} to its end: its records, the keys whose latest message is not a tombstone, and
     * among those the benchmark's synthetic flows (left behind by an interrupted run).
     */
    FlowChangedContents flowChanged() {
        try {
            return readAll(FLOW_CHANGED);
        } catch (Exception e) {
            throw new IllegalStateException("could not read flow.changed: " + e, e);
        }
    }

    private long countRecords(String topicName) throws Exception {
        return readAll(topicName).records();
    }

    private FlowChangedContents readAll(String topicName) throws Exception {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topicName).stream()
                    .map(p -> new TopicPartition(topicName, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long count = 0;
            Map<String, byte[]> latest = new HashMap<>();
            Instant deadline = Instant.now().plusSeconds(60);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    count++;
                    if (record.key() != null) {
                        latest.put(new String(record.key(), StandardCharsets.UTF_8), record.value());
                    }
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + topicName + " to its end within 60 s");
                }
            }
            List<String> synthetic = new ArrayList<>();
            long live = 0;
            for (Map.Entry<String, byte[]> entry : latest.entrySet()) {
                if (entry.getValue() != null) {
                    live++;
                    if (new String(entry.getValue(), StandardCharsets.UTF_8).contains("\"name\":\"" + SYNTHETIC_NAME)) {
                        synthetic.add(entry.getKey());
                    }
                }
            }
            return new FlowChangedContents(count, live, synthetic);
        }
    }

    /** Events written to {@code webhook.received} and not yet committed by the executor. */
    long executorLag() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(EXECUTOR_GROUP)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> ends = endOffsets();
            long lag = 0;
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                lag += end.getValue() - (done == null ? 0 : done.offset());
            }
            return lag;
        } catch (Exception e) {
            throw new IllegalStateException("could not read the executor's lag: " + e, e);
        }
    }

    /**
     * Moves the executor's committed offsets to the end of {@code webhook.received}, so the events of the
     * ingress-only scenarios are never executed. The executor must be paused: its member is removed from the
     * group first (a group with members cannot have its offsets changed); it rejoins when resumed.
     */
    long skipExecutorBacklog() {
        try {
            ConsumerGroupDescription group = describeExecutorGroup();
            if (!group.members().isEmpty()) {
                admin.removeMembersFromConsumerGroup(EXECUTOR_GROUP, new RemoveMembersFromConsumerGroupOptions())
                        .all().get(30, TimeUnit.SECONDS);
            }
            long skipped = executorLag();
            Map<TopicPartition, OffsetAndMetadata> target = endOffsets().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())));
            Instant deadline = Instant.now().plusSeconds(60);
            while (true) {
                try {
                    admin.alterConsumerGroupOffsets(EXECUTOR_GROUP, target).all().get(30, TimeUnit.SECONDS);
                    return skipped;
                } catch (ExecutionException e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw e;
                    }
                    Thread.sleep(1000); // the group is still settling
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not skip the executor's backlog: " + e, e);
        }
    }

    /** Waits until the executor's group is stable with a member holding partitions. */
    void awaitExecutorAssigned(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                ConsumerGroupDescription group = describeExecutorGroup();
                if (group.groupState() == GroupState.STABLE && group.members().stream()
                        .anyMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
                    return;
                }
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("the executor did not rejoin its consumer group within " + timeout.toSeconds() + " s");
    }

    private ConsumerGroupDescription describeExecutorGroup() {
        try {
            return admin.describeConsumerGroups(List.of(EXECUTOR_GROUP)).describedGroups().get(EXECUTOR_GROUP)
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not describe the executor group: " + e, e);
        }
    }

    private Map<TopicPartition, Long> endOffsets() throws Exception {
        int partitions = admin.describeTopics(List.of(WEBHOOK_RECEIVED)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(WEBHOOK_RECEIVED).partitions().size();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(WEBHOOK_RECEIVED, p), OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
                admin.listOffsets(request).all().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> ends = new HashMap<>();
        result.forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
        admin.close(Duration.ofSeconds(10));
    }
}
