package io.hookflow.flow.event;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code hookflow_consumer_lag_records{group="flow-service",topic="execution.recorded",partition}}: for each partition
 * the run-log consumer ({@link ExecutionRecordedListener}) owns, the records behind its position, as the executor's
 * gauge. Read once a second on the consumer's polling thread from its own fetch responses ({@code currentLag}, no
 * request to the broker); for a paused partition (the listener has not taken what was fetched) the consumer fetches
 * nothing, so its end offset is asked for instead, at most every 5 s. The series of a partition given up go away; a
 * partition only exists once assigned, so no series is registered before the consumer joined its group.
 */
@ApplicationScoped
public class RunLogLagGauges {

    static final String CHANNEL = "execution-recorded";
    static final String GROUP = "flow-service";
    private static final long PAUSED_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

    private final MeterRegistry registry;
    private final KafkaClientService clients;
    private final Map<TopicPartition, Lag> lags = new ConcurrentHashMap<>();
    private volatile long lastEndOffsetsNanos = System.nanoTime() - PAUSED_EVERY_NANOS;

    public RunLogLagGauges(MeterRegistry registry, KafkaClientService clients) {
        this.registry = registry;
        this.clients = clients;
    }

    @Scheduled(every = "1s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            KafkaConsumer<Object, Object> consumer = clients.getConsumer(CHANNEL);
            if (consumer == null) {
                return;
            }
            consumer.runOnPollingThread(this::update).await().atMost(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            // the consumer is closing or busy; the last values stand
        }
    }

    private void update(Consumer<?, ?> consumer) {
        Set<TopicPartition> assignment = consumer.assignment();
        for (TopicPartition partition : Set.copyOf(lags.keySet())) {
            if (!assignment.contains(partition)) {
                registry.remove(lags.remove(partition).gauge);
            }
        }
        Set<TopicPartition> paused = consumer.paused();
        Map<TopicPartition, Long> ends = new HashMap<>();
        long now = System.nanoTime();
        if (!paused.isEmpty() && now - lastEndOffsetsNanos >= PAUSED_EVERY_NANOS) {
            lastEndOffsetsNanos = now;
            try {
                ends = consumer.endOffsets(paused, Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                ends = Map.of(); // the broker is away; the paused partitions keep their last values
            }
        }
        for (TopicPartition partition : assignment) {
            long lag;
            if (paused.contains(partition)) {
                Long end = ends.get(partition);
                if (end == null) {
                    continue;
                }
                try {
                    lag = Math.max(0, end - consumer.position(partition, Duration.ZERO));
                } catch (RuntimeException e) {
                    continue;
                }
            } else {
                OptionalLong current = consumer.currentLag(partition);
                if (current.isEmpty()) {
                    continue;
                }
                lag = current.getAsLong();
            }
            lags.computeIfAbsent(partition, this::register).value.set(lag);
        }
    }

    private Lag register(TopicPartition partition) {
        AtomicLong value = new AtomicLong();
        Gauge gauge = Gauge.builder("hookflow.consumer.lag", value, AtomicLong::get)
                .description("Records behind flow-service's run-log consumer position, per partition it owns")
                .baseUnit("records")
                .tags(Tags.of("group", GROUP, "topic", partition.topic(),
                        "partition", Integer.toString(partition.partition())))
                .register(registry);
        return new Lag(value, gauge);
    }

    private record Lag(AtomicLong value, Gauge gauge) {
    }
}
