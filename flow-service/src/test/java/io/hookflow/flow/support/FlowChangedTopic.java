package io.hookflow.flow.support;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * The {@code flow.changed} topic on the real test broker, as a whole: what it holds now (read to its end), and the
 * faults the reconciliation tests cause on it.
 */
public final class FlowChangedTopic {

    public static final String TOPIC = "flow.changed";

    private FlowChangedTopic() {
    }

    /** The last record of the flow in the topic as it is now (read from its start to its end), if any. */
    public static Optional<ConsumerRecord<String, String>> last(String flowId) {
        List<ConsumerRecord<String, String>> records = records(flowId);
        return records.isEmpty() ? Optional.empty() : Optional.of(records.get(records.size() - 1));
    }

    /** The flow's records in the topic as it is now, read from its start to its current end, in order. */
    public static List<ConsumerRecord<String, String>> records(String flowId) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, FlowChangedReader.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (flowId.equals(r.key())) {
                        records.add(r);
                    }
                });
            }
            return records;
        }
    }

    /** Deletes every record the topic holds, as a broker that lost its data would have none. */
    public static void deleteAllRecords() {
        try (Admin admin = admin(); KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, FlowChangedReader.bootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition()))
                    .toList();
            Map<TopicPartition, RecordsToDelete> all = consumer.endOffsets(partitions).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> RecordsToDelete.beforeOffset(e.getValue())));
            admin.deleteRecords(all).all().get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("Deleting the records of " + TOPIC + " failed", e);
        }
    }

    /**
     * Makes the broker refuse every write to the topic: no record fits its {@code max.message.bytes} any more, so each
     * produce request is answered {@code MESSAGE_TOO_LARGE} until {@link #acceptWrites()}. (A broker that cannot be
     * reached fails the same sends, only after the producer's {@code delivery.timeout.ms}; the test broker is shared
     * by the whole test run and cannot be stopped and started again.)
     */
    public static void refuseWrites() {
        alter(new AlterConfigOp(new ConfigEntry("max.message.bytes", "1"), AlterConfigOp.OpType.SET));
    }

    /** Lets the broker take writes to the topic again. */
    public static void acceptWrites() {
        alter(new AlterConfigOp(new ConfigEntry("max.message.bytes", ""), AlterConfigOp.OpType.DELETE));
    }

    private static void alter(AlterConfigOp op) {
        try (Admin admin = admin()) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, TOPIC), List.of(op)))
                    .all().get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("Changing " + TOPIC + "'s configuration failed", e);
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, FlowChangedReader.bootstrapServers()));
    }
}
