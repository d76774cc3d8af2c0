package io.hookflow.flow.service;

import io.hookflow.flow.MessageHeader;
import io.hookflow.flow.OutgoingMessage;
import io.hookflow.flow.config.FlowConfig;
import io.hookflow.flow.event.OutboxProducer;
import io.hookflow.flow.mapping.MessageHeaderCodec;
import io.hookflow.flow.repository.OutboxRepository;
import io.hookflow.flow.repository.OutboxRepository.Row;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends what the outbox holds (retries' {@code execution.deferred} messages, replayed {@code webhook.received} ones)
 * and removes each message once Kafka acknowledged it. A request that enqueued a message wakes the relay at once;
 * it also looks every {@code flow.outbox.relay-interval}, so what Kafka refused, or what an instance that stopped
 * left behind, goes out once it can. Several instances may relay at once: each batch locks its rows, skipping those
 * another holds. A message acknowledged just before its instance died is sent again (at least once).
 */
@ApplicationScoped
public class OutboxRelay {

    /** The longest wait between two attempts while Kafka refuses the messages. */
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final OutboxRepository outbox;
    private final OutboxProducer producer;
    private final MessageHeaderCodec headers;
    private final TransactionManager transactions;
    private final FlowConfig config;
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private volatile ScheduledExecutorService relay;
    /** Failed rounds in a row, and when the next may start; touched by the relay's thread only. */
    private int failures;
    private long retryAtNanos;

    public OutboxRelay(OutboxRepository outbox, OutboxProducer producer, MessageHeaderCodec headers,
                       TransactionManager transactions, FlowConfig config) {
        this.outbox = outbox;
        this.producer = producer;
        this.headers = headers;
        this.transactions = transactions;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        long every = config.outbox().relayInterval().toMillis();
        relay = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "outbox-relay");
            thread.setDaemon(true);
            return thread;
        });
        relay.scheduleWithFixedDelay(this::drain, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        ScheduledExecutorService executor = relay;
        if (executor != null) {
            // An interrupted batch rolls back: its messages stay for the next start or another instance.
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Makes the relay send now rather than at its next round (after a transaction that enqueued committed). */
    public void signal() {
        ScheduledExecutorService executor = relay;
        if (executor != null && drainQueued.compareAndSet(false, true)) {
            executor.execute(() -> {
                drainQueued.set(false);
                retryAtNanos = System.nanoTime();
                drain();
            });
        }
    }

    /** How many messages wait to be sent. */
    public long pending() {
        return QuarkusTransaction.requiringNew().call(outbox::count);
    }

    private void drain() {
        if (failures > 0 && System.nanoTime() - retryAtNanos < 0) {
            return;
        }
        try {
            Batch batch;
            do {
                batch = sendBatch();
            } while (batch.found() > 0 && batch.sent() == batch.found());
            if (batch.sent() < batch.found()) {
                backOff(batch.found() - batch.sent() + " of " + batch.found() + " messages were not acknowledged");
            } else {
                if (failures > 0) {
                    Log.info("Kafka takes the outbox's messages again");
                }
                failures = 0;
            }
        } catch (RuntimeException e) {
            backOff(rootMessage(e));
        }
    }

    private record Batch(int found, int sent) {
    }

    private Batch sendBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Row> rows = outbox.lockOldest(config.outbox().batchSize(), config.outbox().batchBytes());
            if (rows.isEmpty()) {
                return new Batch(0, 0);
            }
            List<OutgoingMessage> messages = new ArrayList<>(rows.size());
            for (Row row : rows) {
                messages.add(message(row));
            }
            Set<Long> acknowledged = sendOutsideTransaction(messages);
            outbox.delete(acknowledged);
            Log.debugf("Relayed %d of %d outbox messages", acknowledged.size(), rows.size());
            return new Batch(rows.size(), acknowledged.size());
        });
    }

    /**
     * Sends while the transaction, and so the rows' locks, stay open, but detached from this thread (as
     * {@link FlowAnnouncer} does): the emitter's completion runs on Kafka's thread with this thread's contexts.
     */
    private Set<Long> sendOutsideTransaction(List<OutgoingMessage> messages) {
        Transaction transaction;
        try {
            transaction = transactions.suspend();
        } catch (SystemException e) {
            throw new IllegalStateException("Could not suspend the relay's transaction", e);
        }
        try {
            return producer.send(messages);
        } finally {
            try {
                transactions.resume(transaction);
            } catch (Exception e) {
                throw new IllegalStateException("Could not resume the relay's transaction", e);
            }
        }
    }

    private OutgoingMessage message(Row row) {
        List<MessageHeader> all = new ArrayList<>(headers.read(row.headers()));
        for (Map.Entry<String, String> extra : headers.readTexts(row.extraHeaders()).entrySet()) {
            all.add(new MessageHeader(extra.getKey(), extra.getValue().getBytes(StandardCharsets.UTF_8)));
        }
        return new OutgoingMessage(row.id(), row.topic(), row.key(), row.value(), all);
    }

    private void backOff(String why) {
        failures++;
        Duration backoff = config.outbox().relayInterval().multipliedBy(1L << Math.min(failures - 1, 10));
        backoff = backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
        retryAtNanos = System.nanoTime() + backoff.toNanos();
        if (failures == 1) {
            Log.warnf("The outbox's messages could not all be sent (%s); they stay queued and are sent once Kafka takes them",
                    why);
        } else {
            Log.debugf("The outbox's messages still cannot all be sent (%s); next try in %s", why, backoff);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
