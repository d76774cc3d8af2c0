package io.hookflow.flow.support;

import io.hookflow.testsupport.KafkaResource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** Reads {@code flow.changed} back from the real broker with a plain KafkaConsumer. */
public final class FlowChangedReader implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    public FlowChangedReader() {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "flow-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of("flow.changed"));
    }

    public static String bootstrapServers() {
        String servers = KafkaResource.bootstrapServers();
        return servers != null ? servers
                : ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** Every record of the flow read so far, waiting until {@code done} holds for them. */
    public List<ConsumerRecord<String, String>> awaitRecords(String flowId,
                                                             Predicate<List<ConsumerRecord<String, String>>> done) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            return done.test(recordsOf(flowId));
        });
        return recordsOf(flowId);
    }

    private List<ConsumerRecord<String, String>> recordsOf(String flowId) {
        return seen.stream().filter(r -> flowId.equals(r.key())).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
