package io.hookflow.executor.event;

import io.quarkus.logging.Log;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * One topic read by one consumer thread and handled on a worker pool, many records at a time, with offsets
 * committed only up to the lowest record not yet done.
 *
 * <p>It never gives up: a failed poll or commit is logged and tried again, a consumer that was thrown out of its
 * group (a long pause) rejoins and goes on from the last committed offset, and a record whose handler throws
 * stays uncommitted (it is read again after a restart) and is reported by {@link #problem()}, which the liveness
 * check turns into DOWN. A record may carry a due time ({@code dueAt}): it is held in memory until then, the
 * offsets behind it uncommitted, so a restart loses nothing. While too many records are running or held, the
 * partitions are paused rather than read further.
 */
final class TopicIntake {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration POLL_PAUSED = Duration.ofMillis(5);
    private static final long COMMIT_EVERY_NANOS = Duration.ofMillis(500).toNanos();

    private final String name;
    private final String topic;
    private final Supplier<KafkaConsumer<String, byte[]>> consumers;
    private final Executor workers;
    private final int maxOpen;
    private final ToLongFunction<ConsumerRecord<String, byte[]>> dueAt;
    private final Consumer<ConsumerRecord<String, byte[]>> handler;
    private final ConsumerLagGauges lag;

    private final Map<TopicPartition, OffsetTracker> trackers = new ConcurrentHashMap<>();
    private final PriorityQueue<Held> held = new PriorityQueue<>();
    private final AtomicInteger running = new AtomicInteger();
    private final Thread thread;
    private volatile boolean open = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile long lastPollNanos = System.nanoTime();
    private volatile String failure;
    private volatile Duration grace = Duration.ofSeconds(20);
    private volatile boolean holding;
    private volatile int heldCount;
    private long lastCommitNanos = System.nanoTime();
    private boolean paused;

    /**
     * @param dueAt    when a record may run, in epoch milliseconds (0 for at once)
     * @param handler  runs one record on a worker; must not throw (a throw leaves the record uncommitted)
     * @param lag      where the consumer's lag per partition is shown
     */
    TopicIntake(String name, String topic, Supplier<KafkaConsumer<String, byte[]>> consumers, Executor workers,
                int maxOpen, ToLongFunction<ConsumerRecord<String, byte[]>> dueAt,
                Consumer<ConsumerRecord<String, byte[]>> handler, ConsumerLagGauges lag) {
        this.name = name;
        this.topic = topic;
        this.consumers = consumers;
        this.workers = workers;
        this.maxOpen = maxOpen;
        this.dueAt = dueAt;
        this.handler = handler;
        this.lag = lag;
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Stops reading, waits up to {@code grace} for the records that are running, commits what is done and
     * leaves the group; what is not done by then is read again by whoever gets the partition.
     */
    void close(Duration grace) {
        this.grace = grace;
        open = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(grace.toMillis() + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Why this intake cannot go on by itself, or null while it can. */
    String problem() {
        if (!open) {
            return null;
        }
        if (!thread.isAlive()) {
            return name + ": the consumer thread ended";
        }
        if (failure != null) {
            return failure;
        }
        long sincePoll = Duration.ofNanos(System.nanoTime() - lastPollNanos).toSeconds();
        return sincePoll > 120 ? name + ": no poll for " + sincePoll + " s" : null;
    }

    /** While holding, nothing more is read (a measurement builds a backlog this way). */
    void hold(boolean hold) {
        holding = hold;
    }

    /** Records running on the workers now. */
    int runningCount() {
        return running.get();
    }

    /** Records held in memory until their due time. */
    int heldCount() {
        return heldCount;
    }

    /** Records taken and not yet done (running or held). */
    int openRecords() {
        return trackers.values().stream().mapToInt(OffsetTracker::openCount).sum();
    }

    private void loop() {
        while (open) {
            try {
                consumer = consumers.get();
                consumer.subscribe(List.of(topic), new Rebalance());
                poll();
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException | Error e) {
                Log.errorf(e, "%s: the consumer failed; starting a new one in 1 s (uncommitted records are read again)",
                        name);
                forgetAll();
                pauseQuietly(1000);
            } finally {
                if (!open) {
                    drainAndCommit();
                }
                closeQuietly();
            }
        }
    }

    private void poll() {
        while (open) {
            // while paused, look again soon: the workers must not run dry before reading resumes
            ConsumerRecords<String, byte[]> records = consumer.poll(paused ? POLL_PAUSED : POLL);
            lastPollNanos = System.nanoTime();
            long now = System.currentTimeMillis();
            for (ConsumerRecord<String, byte[]> record : records) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                OffsetTracker tracker = trackers.computeIfAbsent(partition, p -> new OffsetTracker());
                tracker.taken(record.offset());
                long due = dueAt.applyAsLong(record);
                if (due <= now) {
                    submit(tracker, record);
                } else {
                    held.add(new Held(due, partition, tracker, record));
                }
            }
            while (!held.isEmpty() && held.peek().due() <= now) {
                Held next = held.poll();
                submit(next.tracker(), next.record());
            }
            heldCount = held.size();
            flowControl();
            lag.update(consumer, paused);
            if (System.nanoTime() - lastCommitNanos >= COMMIT_EVERY_NANOS) {
                commitAsync();
            }
        }
    }

    private void submit(OffsetTracker tracker, ConsumerRecord<String, byte[]> record) {
        running.incrementAndGet();
        Runnable task = () -> {
            try {
                handler.accept(record);
                tracker.done(record.offset());
            } catch (CancellationException e) {
                // the executor is stopping: left uncommitted, read again
            } catch (RuntimeException | Error e) {
                failure = name + ": a record (partition " + record.partition() + ", offset " + record.offset()
                        + ") could not be handled: " + e;
                Log.errorf(e, "%s: record at partition %d offset %d could not be handled; it stays uncommitted",
                        name, record.partition(), record.offset());
            } finally {
                running.decrementAndGet();
            }
        };
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            running.decrementAndGet();
            throw e;
        }
    }

    private void flowControl() {
        int load = running.get() + held.size();
        if (load >= maxOpen || holding) {
            // every time: partitions assigned while paused are paused too
            consumer.pause(consumer.assignment());
            paused = true;
        } else if (paused && load < maxOpen / 2 && !holding) {
            consumer.resume(consumer.paused());
            paused = false;
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetTracker tracker = trackers.get(partition);
            long offset = tracker == null ? -1 : tracker.committable();
            if (offset >= 0) {
                offsets.put(partition, new OffsetAndMetadata(offset));
            }
        }
        return offsets;
    }

    private void commitAsync() {
        lastCommitNanos = System.nanoTime();
        Map<TopicPartition, OffsetAndMetadata> offsets = committable(trackers.keySet());
        if (offsets.isEmpty()) {
            return;
        }
        consumer.commitAsync(offsets, (done, error) -> {
            if (error == null) {
                done.forEach((partition, offset) -> {
                    OffsetTracker tracker = trackers.get(partition);
                    if (tracker != null) {
                        tracker.committed(offset.offset());
                    }
                });
            } else {
                // the next commit carries the same or later offsets
                Log.debugf("%s: commit failed (%s); committing again later", name, error.getMessage());
            }
        });
    }

    private void commitSync(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = committable(partitions);
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, Duration.ofSeconds(10));
            offsets.forEach((partition, offset) -> {
                OffsetTracker tracker = trackers.get(partition);
                if (tracker != null) {
                    tracker.committed(offset.offset());
                }
            });
        } catch (RuntimeException e) {
            Log.infof("%s: could not commit before giving partitions up (%s); they are read again from the last commit",
                    name, e.getMessage());
        }
    }

    /** Shutdown: no new records; the running ones get the grace period, then what is done is committed. */
    private void drainAndCommit() {
        held.clear();
        heldCount = 0;
        long deadline = System.nanoTime() + grace.toNanos();
        while (running.get() > 0 && System.nanoTime() < deadline) {
            pauseQuietly(50);
        }
        if (consumer != null) {
            // twice: a wakeup that did not meet a poll is delivered to the first blocking call instead
            for (int i = 0; i < 2 && !committable(trackers.keySet()).isEmpty(); i++) {
                commitSync(trackers.keySet());
            }
        }
    }

    private void forgetAll() {
        held.clear();
        heldCount = 0;
        lag.forgetAll();
        trackers.clear();
        paused = false;
    }

    private void closeQuietly() {
        KafkaConsumer<String, byte[]> current = consumer;
        consumer = null;
        if (current != null) {
            try {
                current.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                Log.debugf("%s: closing the consumer: %s", name, e.getMessage());
            }
        }
    }

    private static void pauseQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A record waiting for its due time. */
    private record Held(long due, TopicPartition partition, OffsetTracker tracker, ConsumerRecord<String, byte[]> record)
            implements Comparable<Held> {

        @Override
        public int compareTo(Held other) {
            return Long.compare(due, other.due);
        }
    }

    /** Partitions given up: what is done is committed, what is held is dropped (the new owner reads it again). */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commitSync(partitions);
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                Log.debugf("%s: assigned %s", name, partitions);
            }
        }

        private void forget(Collection<TopicPartition> partitions) {
            held.removeIf(h -> partitions.contains(h.partition()));
            heldCount = held.size();
            partitions.forEach(trackers::remove);
            lag.forget(partitions);
        }
    }
}
