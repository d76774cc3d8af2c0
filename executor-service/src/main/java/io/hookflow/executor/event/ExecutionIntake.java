package io.hookflow.executor.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.executor.config.ExecutorConfig;
import io.hookflow.executor.service.ExecutionService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Kafka in: {@code webhook.received} (group {@code executor}, {@code executor.concurrency} at once) and
 * {@code execution.deferred} (group {@code executor-deferred}, each message held until its due time), each on its
 * own {@link TopicIntake} and worker pool, so that retries never hold back fresh webhooks nor the other way round.
 * An offset is committed only once its execution's records were acknowledged. On shutdown the intakes stop
 * reading, give running executions {@code executor.shutdown-grace} to finish, commit what is done and leave their
 * groups; the rest is read again by another executor (or this one after its restart).
 *
 * <p>Gauges: {@code hookflow_consumer_lag_records{group,topic,partition}} ({@link ConsumerLagGauges}),
 * {@code hookflow_executions_running{group}} and {@code hookflow_deferred_held_messages}.
 */
@ApplicationScoped
public class ExecutionIntake {

    static final String WEBHOOK_GROUP = "executor";
    static final String DEFERRED_GROUP = "executor-deferred";

    private final ExecutionService executions;
    private final ObjectMapper mapper;
    private final ExecutorConfig config;
    private final String bootstrapServers;
    private final Map<String, Object> kafkaSecurity;
    private final MeterRegistry registry;
    private ExecutorService webhookWorkers;
    private ExecutorService deferredWorkers;
    private TopicIntake webhooks;
    private TopicIntake deferred;

    ExecutionIntake(ExecutionService executions, ObjectMapper mapper, ExecutorConfig config,
                    @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                    @Identifier("default-kafka-broker") Map<String, Object> kafka, MeterRegistry registry) {
        this.executions = executions;
        this.mapper = mapper;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.kafkaSecurity = KafkaSecurity.of(kafka);
        this.registry = registry;
    }

    void start(@Observes StartupEvent started) {
        webhookWorkers = pool("executor-worker", config.concurrency());
        deferredWorkers = pool("executor-retry", config.retry().concurrency());
        webhooks = new TopicIntake("webhook-intake", "webhook.received", () -> consumer(WEBHOOK_GROUP, 256),
                webhookWorkers, config.concurrency() * 4, record -> 0L, handler(),
                new ConsumerLagGauges(registry, WEBHOOK_GROUP));
        deferred = new TopicIntake("deferred-intake", ExecutionEventProducer.DEFERRED_TOPIC,
                () -> consumer(DEFERRED_GROUP, 500), deferredWorkers, config.retry().maxHeld(),
                record -> RetryState.dueAt(record.headers(), mapper), handler(),
                new ConsumerLagGauges(registry, DEFERRED_GROUP));
        running(webhooks, WEBHOOK_GROUP);
        running(deferred, DEFERRED_GROUP);
        Gauge.builder("hookflow.deferred.held", deferred, TopicIntake::heldCount)
                .description("Deferred executions held in memory until their next attempt is due")
                .baseUnit("messages")
                .register(registry);
        webhooks.start();
        deferred.start();
    }

    void stop(@Observes ShutdownEvent stopping) {
        Log.infof("Stopping: running executions get %s to finish; the rest is handed back", config.shutdownGrace());
        Thread closeDeferred = new Thread(() -> deferred.close(config.shutdownGrace()), "deferred-intake-close");
        closeDeferred.start();
        webhooks.close(config.shutdownGrace());
        try {
            closeDeferred.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // whatever still runs is interrupted: its message was not committed and is read again
        webhookWorkers.shutdownNow();
        deferredWorkers.shutdownNow();
    }

    private void running(TopicIntake intake, String group) {
        Gauge.builder("hookflow.executions.running", intake, TopicIntake::runningCount)
                .description("Executions running on this executor's workers now, by the group they were read by")
                .tag("group", group)
                .register(registry);
    }

    /** Holds back (or releases) the reading of {@code webhook.received}; what was taken still runs. */
    public void holdWebhooks(boolean hold) {
        webhooks.hold(hold);
    }

    /** Why consuming cannot go on by itself, or null while it can. */
    public String problem() {
        return Stream.of(webhooks, deferred)
                .map(intake -> intake == null ? null : intake.problem())
                .filter(p -> p != null)
                .findFirst()
                .orElse(null);
    }

    private Consumer<ConsumerRecord<String, byte[]>> handler() {
        return record -> executions.execute(record.key(), record.value(), record.headers());
    }

    private KafkaConsumer<String, byte[]> consumer(String group, int maxPollRecords) {
        Map<String, Object> props = new HashMap<>(kafkaSecurity);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, group + "-" + Integer.toHexString(System.identityHashCode(this)));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        // an executor that died hands its partitions over within 10 s rather than the default 45 s
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static ExecutorService pool(String name, int threads) {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
