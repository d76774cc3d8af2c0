package io.hookflow.flow.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hookflow.flow.DeadLetter;
import io.hookflow.flow.DeadLetterSummary;
import io.hookflow.flow.Execution;
import io.hookflow.flow.ExecutionIds;
import io.hookflow.flow.Flow;
import io.hookflow.flow.OriginalMessage;
import io.hookflow.flow.event.RetryMessages;
import io.hookflow.flow.mapping.MessageHeaderCodec;
import io.hookflow.flow.repository.DeadLetterRepository;
import io.hookflow.flow.repository.ExecutionRepository;
import io.hookflow.flow.repository.FlowRepository;
import io.hookflow.flow.repository.OutboxRepository;
import io.hookflow.flow.repository.OutboxRepository.LetterCopy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Dead letters: stored from {@code webhook.received.dlq}, listed per workspace, and replayed. A letter belongs to
 * the workspace its event names, else to that of the flow its Kafka key names (when flow-service knows that flow);
 * a letter whose workspace cannot be told is kept, counted and logged, but shown to no workspace.
 */
@Startup // its counters are named from the first scrape, not from the first dead letter
@ApplicationScoped
public class DeadLetterService {

    /** Where a message was read: stored once per position. */
    public record Position(String topic, int partition, long offset) {
    }

    /** What the dead-lettered value says about itself, when it is a {@code webhook.received} event. */
    public record Webhook(String flowId, String requestId, String workspace, Integer flowVersion) {
    }

    /**
     * One message read from the dead-letter topic: where, when it died, why ({@code reason}, {@code failedStep}
     * empty or null when it failed before any step), the event's identity (null when the value is no event), the key
     * as text (null when it is not UTF-8), and the original message.
     */
    public record Arrival(Position position, Instant deadAt, String reason, String failedStep, Webhook webhook,
                          String keyText, OriginalMessage message) {
    }

    /** A page of letters, newest first, with how many there are in all. */
    public record DeadLetterPage(List<DeadLetterSummary> letters, long total) {
    }

    /**
     * One letter with its message read back: the key as text, the value as JSON when it is JSON (else as a JSON
     * string when it is text, else null), and the headers with their values as text.
     */
    public record DeadLetterContent(DeadLetter letter, String key, JsonNode value, List<TextHeader> headers) {
    }

    /** A header with its value as text (null when it had none). */
    public record TextHeader(String key, String value) {
    }

    /** What a replay did: retried the letter's execution (attempt given), or sent the webhook again. */
    public record Replay(String letterId, boolean retried, String executionId, Integer attempt) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int FLOW_ID_LENGTH = 24;
    private static final int REQUEST_ID_LENGTH = 64;
    private static final int WORKSPACE_LENGTH = 255;
    private static final int STEP_LENGTH = 255;

    private final DeadLetterRepository deadLetters;
    private final FlowRepository flows;
    private final ExecutionRepository executions;
    private final OutboxRepository outbox;
    private final ExecutionRetryService retries;
    private final OutboxRelay relay;
    private final MessageHeaderCodec headers;
    private final ObjectMapper objectMapper;
    private final Counter assigned;
    private final Counter unassigned;

    public DeadLetterService(DeadLetterRepository deadLetters, FlowRepository flows, ExecutionRepository executions,
                             OutboxRepository outbox, ExecutionRetryService retries, OutboxRelay relay,
                             MessageHeaderCodec headers, ObjectMapper objectMapper, MeterRegistry registry) {
        this.deadLetters = deadLetters;
        this.flows = flows;
        this.executions = executions;
        this.outbox = outbox;
        this.retries = retries;
        this.relay = relay;
        this.headers = headers;
        this.objectMapper = objectMapper;
        this.assigned = Counter.builder("hookflow_dead_letters_received")
                .description("Dead letters read from webhook.received.dlq (redeliveries included), by whether their workspace is known")
                .tag("workspace", "known").register(registry);
        this.unassigned = Counter.builder("hookflow_dead_letters_received")
                .description("Dead letters read from webhook.received.dlq (redeliveries included), by whether their workspace is known")
                .tag("workspace", "unknown").register(registry);
    }

    /** Stores the letters not stored yet, in one transaction. */
    @Transactional
    public void store(List<Arrival> arrivals) {
        Map<String, Optional<String>> flowWorkspaces = new HashMap<>();
        List<DeadLetter> letters = new ArrayList<>(arrivals.size());
        for (Arrival arrival : arrivals) {
            DeadLetter letter = toLetter(arrival, flowWorkspaces);
            if (letter.workspace == null) {
                unassigned.increment();
                Log.warnf("Dead letter at %s/%d/%d (flow %s) belongs to no known workspace: kept, but shown to no one",
                        letter.topic, letter.partition, letter.offset, letter.flowId);
            } else {
                assigned.increment();
            }
            letters.add(letter);
        }
        int stored = deadLetters.insertNew(letters);
        Log.debugf("Stored %d of %d dead letters (the others were stored before)", stored, letters.size());
    }

    /** A page of the workspace's letters, of one flow if {@code flowId} is given, newest first. */
    @Transactional
    public DeadLetterPage list(String workspace, String flowId, int page, int size) {
        return new DeadLetterPage(deadLetters.listInWorkspace(workspace, flowId, page, size),
                deadLetters.countInWorkspace(workspace, flowId));
    }

    @Transactional
    public DeadLetterContent get(String workspace, String id) {
        DeadLetter letter = find(workspace, id);
        return new DeadLetterContent(letter, letter.key == null ? null : new String(letter.key, StandardCharsets.UTF_8),
                value(letter.value), headers.read(letter.headers).stream()
                .map(h -> new TextHeader(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8)))
                .toList());
    }

    /**
     * Replays a letter: when its execution is recorded, a retry of that execution (which must be failed); when it
     * has none, the original message goes back onto {@code webhook.received} unchanged.
     *
     * @throws ResourceNotFoundException when the letter is not in the workspace
     * @throws ConflictException when its execution is not failed or its flow not active
     */
    public Replay replay(String workspace, String id) {
        Replay replay = QuarkusTransaction.requiringNew().call(() -> {
            DeadLetter letter = find(workspace, id);
            Optional<Execution> execution = letter.executionId == null ? Optional.empty()
                    : executions.findInWorkspace(workspace, letter.executionId);
            if (execution.isPresent()) {
                ExecutionRetryService.QueuedRetry queued =
                        retries.retryInTransaction(workspace, execution.get(), letter.id);
                return new Replay(letter.id, true, queued.executionId(), queued.attempt());
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            outbox.enqueueCopies(List.of(new LetterCopy(letter.id, RetryMessages.WEBHOOK_TOPIC,
                    headers.writeTexts(Map.of()))), now);
            deadLetters.markReplayed(List.of(letter.id), now);
            return new Replay(letter.id, false, letter.executionId, null);
        });
        relay.signal();
        return replay;
    }

    /** How many stored letters no workspace sees. */
    @Transactional
    public long countWithoutWorkspace() {
        return deadLetters.countWithoutWorkspace();
    }

    private JsonNode value(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return objectMapper.readTree(value);
        } catch (IOException e) {
            return TextNode.valueOf(new String(value, StandardCharsets.UTF_8));
        }
    }

    private DeadLetter find(String workspace, String id) {
        return deadLetters.findInWorkspace(workspace, id)
                .orElseThrow(() -> new ResourceNotFoundException("Dead letter " + id + " does not exist"));
    }

    private DeadLetter toLetter(Arrival arrival, Map<String, Optional<String>> flowWorkspaces) {
        Webhook webhook = arrival.webhook();
        boolean identified = webhook != null && fits(webhook.flowId(), FLOW_ID_LENGTH)
                && fits(webhook.requestId(), REQUEST_ID_LENGTH);
        String flowId = identified ? webhook.flowId() : fits(arrival.keyText(), FLOW_ID_LENGTH) ? arrival.keyText() : null;
        String workspace = identified && fits(webhook.workspace(), WORKSPACE_LENGTH) ? webhook.workspace() : null;
        if (workspace == null && flowId != null) {
            workspace = flowWorkspaces.computeIfAbsent(flowId,
                    id -> flows.findByIdOptional(id).map((Flow flow) -> flow.workspace)).orElse(null);
        }
        DeadLetter letter = new DeadLetter();
        letter.id = newId();
        letter.topic = arrival.position().topic();
        letter.partition = arrival.position().partition();
        letter.offset = arrival.position().offset();
        letter.workspace = workspace;
        letter.flowId = flowId;
        letter.requestId = identified ? webhook.requestId() : null;
        letter.executionId = identified ? ExecutionIds.of(webhook.flowId(), webhook.requestId()) : null;
        letter.flowVersion = identified ? webhook.flowVersion() : null;
        letter.reason = text(arrival.reason() == null || arrival.reason().isBlank()
                ? "The executor gave no reason" : arrival.reason());
        String step = arrival.failedStep() == null || arrival.failedStep().isEmpty() ? null : text(arrival.failedStep());
        letter.failedStep = step == null || step.length() <= STEP_LENGTH ? step : step.substring(0, STEP_LENGTH);
        letter.deadAt = arrival.deadAt();
        letter.key = arrival.message().key();
        letter.value = arrival.message().value();
        letter.headers = headers.write(arrival.message().headers());
        letter.size = letter.value == null ? 0 : letter.value.length;
        return letter;
    }

    /** Present, no longer than the column, and free of U+0000 (which PostgreSQL's text cannot hold). */
    private static boolean fits(String value, int length) {
        return value != null && !value.isEmpty() && value.length() <= length && value.indexOf('\0') < 0;
    }

    private static String text(String value) {
        return value.replace('\0', '\uFFFD');
    }

    private static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
