package io.hookflow.executor.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.executor.config.ExecutorConfig;
import io.hookflow.executor.service.ExecutionMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Kafka out: {@code execution.recorded} records, {@code execution.deferred} executions waiting for their next
 * attempt, and {@code webhook.received.dlq} dead letters, through one idempotent producer ({@code acks=all}).
 *
 * <p>{@link #sendDurably} is how the executor writes what must not be lost: it tries until Kafka acknowledged,
 * however long Kafka is away, so an outage delays work but never skips it. A write that keeps failing for
 * {@code executor.stuck-after} is reported by {@link #problem()} (liveness DOWN). How long each took, tries
 * included, is {@code hookflow_executor_write_duration_seconds{topic}}.
 */
@Startup // its write timers are named from the first scrape
@ApplicationScoped
public class ExecutionEventProducer {

    public static final String RECORDS_TOPIC = "execution.recorded";
    public static final String DEFERRED_TOPIC = "execution.deferred";
    public static final String DEAD_LETTER_TOPIC = "webhook.received.dlq";
    /** Header naming why an execution failed, or why it waits for another attempt. */
    public static final String ERROR_HEADER = "hookflow-error";
    /** Header naming the step an execution failed in (empty when it failed before any step ran). */
    public static final String FAILED_STEP_HEADER = "hookflow-failed-step";
    /** Header of a deferred execution: its retry state as JSON ({@link RetryState}). */
    public static final String RETRY_HEADER = "hookflow-retry";

    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final KafkaProducer<String, byte[]> producer;
    private final ObjectMapper mapper;
    private final Duration ackTimeout;
    private final Duration stuckAfter;
    private final Map<Long, Long> failingSince = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();
    private final Map<String, Timer> writeTimers = new HashMap<>();

    ExecutionEventProducer(ObjectMapper mapper, ExecutorConfig config,
                           @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                           @Identifier("default-kafka-broker") Map<String, Object> kafka, MeterRegistry registry) {
        this.mapper = mapper;
        for (String topic : new String[] {RECORDS_TOPIC, DEFERRED_TOPIC, DEAD_LETTER_TOPIC}) {
            writeTimers.put(topic, Timer.builder("hookflow.executor.write.duration")
                    .description("Time from handing a record to Kafka until it was acknowledged, tries included")
                    .tag("topic", topic)
                    .serviceLevelObjectives(ExecutionMetrics.BUCKETS)
                    .register(registry));
        }
        this.ackTimeout = config.recordTimeout();
        this.stuckAfter = config.stuckAfter();
        Map<String, Object> props = new HashMap<>(KafkaSecurity.of(kafka));
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "executor-out");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // up to 5 ms of records go out as one batch of up to 64 KiB (the default 16 KiB holds only a few records)
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 65536);
        // a deferred execution carries the webhook as it came (up to the topics' 16 MiB)
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 17 * 1024 * 1024);
        // a send gives up after this and is tried again by sendDurably, which never gives up
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(10));
    }

    /** Writes {@code event} to {@code execution.recorded}, keyed by its flow id; completes on acknowledgement. */
    public CompletableFuture<Void> record(ExecutionRecordedEvent event) {
        return send(new ProducerRecord<>(RECORDS_TOPIC, null, event.flowId(), json(event), null));
    }

    /** The record as a message, ready for {@link #sendDurably}. */
    public ProducerRecord<String, byte[]> recordMessage(ExecutionRecordedEvent event) {
        return new ProducerRecord<>(RECORDS_TOPIC, null, event.flowId(), json(event), null);
    }

    /** The original {@code webhook.received} message, unchanged (the same bytes), for the dead-letter topic. */
    public ProducerRecord<String, byte[]> deadLetterMessage(String key, byte[] value, Headers originalHeaders,
                                                            String error, String failedStep) {
        RecordHeaders headers = copyWithout(originalHeaders);
        headers.add(new RecordHeader(ERROR_HEADER, utf8(error)));
        headers.add(new RecordHeader(FAILED_STEP_HEADER, utf8(failedStep)));
        return new ProducerRecord<>(DEAD_LETTER_TOPIC, null, key, value, headers);
    }

    /** The original message for {@code execution.deferred}, with its retry state and last error in headers. */
    public ProducerRecord<String, byte[]> deferredMessage(String key, byte[] value, Headers originalHeaders,
                                                          RetryState retry, String error) {
        RecordHeaders headers = copyWithout(originalHeaders);
        headers.add(new RecordHeader(RETRY_HEADER, retry.toHeader(mapper)));
        headers.add(new RecordHeader(ERROR_HEADER, utf8(error)));
        return new ProducerRecord<>(DEFERRED_TOPIC, null, key, value, headers);
    }

    /**
     * Sends {@code message} and waits for Kafka's acknowledgement, trying again with back-off (up to 30 s apart)
     * for as long as it takes. {@code smaller}, when given, is sent instead once Kafka says the message is too
     * large. Throws only when the thread is interrupted (the executor is stopping): the caller's record then
     * stays uncommitted and is run again.
     */
    public void sendDurably(ProducerRecord<String, byte[]> message, Supplier<ProducerRecord<String, byte[]>> smaller)
            throws InterruptedException {
        long id = writes.incrementAndGet();
        long startNanos = System.nanoTime();
        long backoff = 500;
        ProducerRecord<String, byte[]> current = message;
        try {
            while (true) {
                try {
                    send(current).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
                    Timer timer = writeTimers.get(message.topic());
                    if (timer != null) {
                        timer.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
                    }
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof RecordTooLargeException && smaller != null && current == message) {
                        Log.warnf("A message for %s is too large for Kafka; sending it without the run data", current.topic());
                        current = smaller.get();
                        continue;
                    }
                    failingSince.putIfAbsent(id, System.nanoTime());
                    Log.warnf("Kafka did not take a message for %s (%s); trying again in %d ms", current.topic(),
                            cause.getClass().getSimpleName() + ": " + cause.getMessage(), backoff);
                    Thread.sleep(backoff);
                    backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
                }
            }
        } finally {
            failingSince.remove(id);
        }
    }

    /** Why writing cannot go on by itself, or null while it can. */
    public String problem() {
        long now = System.nanoTime();
        return failingSince.values().stream()
                .filter(since -> now - since > stuckAfter.toNanos())
                .findAny()
                .map(since -> "Kafka has not acknowledged a write for " + Duration.ofNanos(now - since).toSeconds() + " s")
                .orElse(null);
    }

    private CompletableFuture<Void> send(ProducerRecord<String, byte[]> message) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        try {
            producer.send(message, (metadata, error) -> {
                if (error == null) {
                    acknowledged.complete(null);
                } else {
                    acknowledged.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }

    private byte[] json(Object event) {
        try {
            return mapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An execution record could not be written as JSON", e);
        }
    }

    private static RecordHeaders copyWithout(Headers original) {
        RecordHeaders headers = new RecordHeaders();
        if (original != null) {
            for (Header header : original) {
                if (!header.key().startsWith("hookflow-")) {
                    headers.add(header);
                }
            }
        }
        return headers;
    }

    private static byte[] utf8(String value) {
        return (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
    }
}
