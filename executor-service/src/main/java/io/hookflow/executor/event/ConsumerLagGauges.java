package io.hookflow.executor.event;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code hookflow_consumer_lag_records{group,topic,partition}}: for each partition one intake's consumer owns, the
 * records behind its position (end offset minus position), so a partition that falls behind shows on its own and the
 * series of a partition given up go away. Read from the consumer's own fetch responses ({@code currentLag}, no request
 * to the broker) at most once a second; while the consumer is paused it fetches nothing, so then the end offsets are
 * asked for instead, at most every 5 s. Only the intake's thread calls {@link #update} and {@link #forget}.
 */
final class ConsumerLagGauges {

    private static final long EVERY_NANOS = Duration.ofSeconds(1).toNanos();
    private static final long PAUSED_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

    private final MeterRegistry registry;
    private final String group;
    private final Map<TopicPartition, Lag> lags = new ConcurrentHashMap<>();
    private long lastUpdateNanos = System.nanoTime() - PAUSED_EVERY_NANOS;

    ConsumerLagGauges(MeterRegistry registry, String group) {
        this.registry = registry;
        this.group = group;
    }

    /** Refreshes the lag of every partition {@code consumer} owns, when it is time to. */
    void update(KafkaConsumer<?, ?> consumer, boolean paused) {
        long now = System.nanoTime();
        if (now - lastUpdateNanos < (paused ? PAUSED_EVERY_NANOS : EVERY_NANOS)) {
            return;
        }
        lastUpdateNanos = now;
        Set<TopicPartition> assignment = consumer.assignment();
        Map<TopicPartition, Long> ends = null;
        if (paused && !assignment.isEmpty()) {
            try {
                ends = consumer.endOffsets(assignment, Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                return; // the broker is away; the last values stand
            }
        }
        for (TopicPartition partition : assignment) {
            long lag;
            if (ends != null) {
                Long end = ends.get(partition);
                long position;
                try {
                    position = consumer.position(partition, Duration.ZERO);
                } catch (RuntimeException e) {
                    continue;
                }
                if (end == null) {
                    continue;
                }
                lag = Math.max(0, end - position);
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

    /** The partitions were given up: their series go. */
    void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : List.copyOf(partitions)) {
            Lag lag = lags.remove(partition);
            if (lag != null) {
                registry.remove(lag.gauge);
            }
        }
    }

    void forgetAll() {
        forget(new HashMap<>(lags).keySet());
    }

    private Lag register(TopicPartition partition) {
        AtomicLong value = new AtomicLong();
        Gauge gauge = Gauge.builder("hookflow.consumer.lag", value, AtomicLong::get)
                .description("Records behind this executor's consumer position, per partition it owns")
                .baseUnit("records")
                .tags(Tags.of("group", group, "topic", partition.topic(),
                        "partition", Integer.toString(partition.partition())))
                .register(registry);
        return new Lag(value, gauge);
    }

    private record Lag(AtomicLong value, Gauge gauge) {
    }
}
