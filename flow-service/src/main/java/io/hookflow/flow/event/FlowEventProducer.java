package io.hookflow.flow.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.flow.config.FlowConfig;
import io.hookflow.flow.service.DependencyUnavailableException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * Sends {@code flow.changed} events keyed by flow id and waits until Kafka acknowledged or refused every one of
 * them. The caller holds the flows' row locks meanwhile, which is what keeps one flow's messages in commit order
 * across instances: so the wait must outlast the producer's own {@code max.block.ms} plus
 * {@code delivery.timeout.ms}, after which no message of the call can still land behind a later one.
 */
@ApplicationScoped
public class FlowEventProducer {

    private static final String CHANNEL = "flow-changed";

    private final MutinyEmitter<Record<String, String>> emitter;
    private final KafkaClientService kafka;
    private final String topic;
    private final ObjectMapper objectMapper;
    private final FlowConfig config;

    public FlowEventProducer(@Channel(CHANNEL) MutinyEmitter<Record<String, String>> emitter, KafkaClientService kafka,
                             @ConfigProperty(name = "mp.messaging.outgoing." + CHANNEL + ".topic") String topic,
                             ObjectMapper objectMapper, FlowConfig config) {
        this.emitter = emitter;
        this.kafka = kafka;
        this.topic = topic;
        this.objectMapper = objectMapper;
        this.config = config;
    }

    /**
     * Sends the flows' states, at most one per flow; a {@code deleted} state is followed by a tombstone, so
     * compaction eventually drops the flow.
     *
     * @throws DependencyUnavailableException when Kafka did not acknowledge them all in time
     */
    public void announce(List<FlowChangedEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        try {
            // A producer that does not know the topic's partitions (it started while Kafka was down) blocks each
            // send up to max.block.ms, one after the other on its sending thread: a page of them would outlast the
            // wait and be sent after the locks are gone. Asked first, it fails once, before anything is sent.
            kafka.getProducer(CHANNEL).partitionsFor(topic).await().atMost(config.events().sendTimeout());
            List<Uni<Void>> sends = events.stream().map(this::send).toList();
            // Every send ends (acknowledged or failed) before this returns, never only the first failure: the
            // caller releases the flows' locks afterwards.
            Uni.join().all(sends).andCollectFailures().await().atMost(config.events().sendTimeout());
        } catch (RuntimeException e) {
            Log.debugf("Kafka did not acknowledge flow.changed for %d flows: %s", events.size(), e.getMessage());
            throw new DependencyUnavailableException("Kafka is unavailable", e);
        }
        for (FlowChangedEvent event : events) {
            Log.debugf("Announced flow %s as %s (version %s)", event.flowId(), event.status(), event.activeVersion());
        }
    }

    private Uni<Void> send(FlowChangedEvent event) {
        Uni<Void> state = emitter.send(Record.of(event.flowId(), json(event)));
        return FlowChangedEvent.DELETED.equals(event.status())
                ? state.chain(() -> emitter.send(Record.of(event.flowId(), null)))
                : state;
    }

    private String json(FlowChangedEvent event) {
        try {
            return objectMapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
