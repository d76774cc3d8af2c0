package io.hookflow.ingress.event;

import io.hookflow.ingress.config.IngressConfig;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes {@code webhook.received}, keyed by flow id, with the Kafka producer of the {@code webhook-received}
 * channel (its configuration: {@code acks=all}, idempotence, ...). The returned stage completes when Kafka acknowledged
 * the event, and fails when Kafka refused it or did not answer within {@code ingress.publish-timeout}.
 * <p>
 * {@code Producer.send} is handed to one sending thread of this class: it returns at once in the common case, but can
 * block for up to {@code max.block.ms} while the topic's metadata is missing or the producer's buffer is full (Kafka
 * unreachable), which must not happen on an event loop. Its queue is bounded ({@value #MAX_QUEUED} events and
 * {@value #MAX_QUEUED_BYTES} bytes; one larger event alone may pass): beyond that a publish fails at once (503)
 * instead of holding more webhooks in memory. The channel's own emitter path would add a reactive stream, a
 * context-propagation hop and tracing per event; sending straight costs one queued task.
 */
@ApplicationScoped
public class WebhookEventProducer {

    static final String CHANNEL = "webhook-received";
    static final int MAX_QUEUED = 8192;
    static final long MAX_QUEUED_BYTES = 16 * 1024 * 1024;

    private final KafkaClientService kafka;
    private final WebhookEventWriter writer;
    private final String topic;
    private final ExecutorService sender;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Deadlines deadlines;
    private final Vertx vertx;
    private final long sweeper;
    private volatile Producer<String, byte[]> producer;

    /**
     * @param wiring the channel's emitter, never used: it only keeps the channel connected, as SmallRye creates (and
     *               health-checks) the producer of a connected channel only
     */
    public WebhookEventProducer(@Channel(CHANNEL) Emitter<byte[]> wiring, KafkaClientService kafka,
                                WebhookEventWriter writer, IngressConfig config, Vertx vertx,
                                @ConfigProperty(name = "mp.messaging.outgoing." + CHANNEL + ".topic") String topic) {
        this.kafka = kafka;
        this.writer = writer;
        this.topic = topic;
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(MAX_QUEUED), task -> {
            Thread thread = new Thread(task, "webhook-received-sender");
            thread.setDaemon(true);
            return thread;
        });
        this.deadlines = new Deadlines(config.publishTimeout().toNanos());
        this.vertx = vertx;
        this.sweeper = vertx.setPeriodic(Deadlines.SWEEP_MILLIS, id -> deadlines.sweep(System.nanoTime()));
    }

    /**
     * Completes once the broker has the event, fails when it does not take it. {@code done} runs once when this producer
     * holds the event no more: Kafka acknowledged or refused it, or it was not sent (queue full, timed out while queued,
     * or it could not be written). That can be after the returned stage failed on the publish timeout.
     */
    public CompletionStage<Void> publish(WebhookReceived event, Runnable done) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        byte[] value;
        try {
            value = writer.write(event);
        } catch (RuntimeException e) {
            done.run();
            throw e;
        }
        long queued = queuedBytes.addAndGet(value.length);
        try {
            if (queued > MAX_QUEUED_BYTES && queued != value.length) {
                throw new RejectedExecutionException("the sending queue holds " + queued + " bytes");
            }
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.flowId(), value);
            sender.execute(() -> send(record, acknowledged, done));
        } catch (RejectedExecutionException e) {
            queuedBytes.addAndGet(-value.length);
            done.run();
            acknowledged.completeExceptionally(e);
            return acknowledged;
        }
        deadlines.watch(acknowledged, System.nanoTime());
        return acknowledged;
    }

    private void send(ProducerRecord<String, byte[]> record, CompletableFuture<Void> acknowledged, Runnable done) {
        queuedBytes.addAndGet(-record.value().length);
        if (acknowledged.isDone()) {
            done.run();
            return; // timed out while queued (Kafka blocked the sends before it): the caller was answered 503
        }
        try {
            producer().send(record, (metadata, failure) -> {
                done.run();
                if (failure == null) {
                    acknowledged.complete(null);
                } else {
                    acknowledged.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException e) {
            // Kafka calls back on failures it raises itself; only a failure before that (no producer yet) lands here.
            done.run();
            acknowledged.completeExceptionally(e);
        }
    }

    private Producer<String, byte[]> producer() {
        Producer<String, byte[]> current = producer;
        if (current == null) {
            // The channel creates its producer at startup (lazy-client=false, the default).
            current = kafka.<String, byte[]>getProducer(CHANNEL).unwrap();
            if (current == null) {
                throw new IllegalStateException("the Kafka producer of channel " + CHANNEL + " is not created yet");
            }
            producer = current;
        }
        return current;
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(sweeper);
        sender.shutdown();
    }

    /**
     * Fails publishes still unacknowledged after the timeout. The timeout is the same for all, so they expire in the
     * order they started: one queue swept every 100 ms instead of a timer per publish (a finished publish leaves the
     * queue at the next sweep that reaches it).
     */
    static final class Deadlines {

        static final long SWEEP_MILLIS = 100;

        private record Watched(CompletableFuture<Void> future, long deadlineNanos) {
        }

        private final ConcurrentLinkedQueue<Watched> queue = new ConcurrentLinkedQueue<>();
        private final long timeoutNanos;

        Deadlines(long timeoutNanos) {
            this.timeoutNanos = timeoutNanos;
        }

        void watch(CompletableFuture<Void> future, long nowNanos) {
            queue.offer(new Watched(future, nowNanos + timeoutNanos));
        }

        /** Fails what is overdue at {@code nowNanos}. */
        void sweep(long nowNanos) {
            Watched head;
            while ((head = queue.peek()) != null && (head.future.isDone() || nowNanos - head.deadlineNanos >= 0)) {
                queue.poll();
                if (!head.future.isDone()) {
                    head.future.completeExceptionally(new TimeoutException("Kafka did not acknowledge the event in time"));
                }
            }
        }
    }
}
