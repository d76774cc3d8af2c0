package io.hookflow.executor.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.hookflow.executor.ExecutionStatus;
import io.hookflow.executor.client.ActionRequest;
import io.hookflow.executor.client.ConnectorClient;
import io.hookflow.executor.client.CredentialMaterial;
import io.hookflow.executor.client.FlowStep;
import io.hookflow.executor.client.FlowVersion;
import io.hookflow.executor.config.ExecutorConfig;
import io.hookflow.executor.event.ExecutionEventProducer;
import io.hookflow.executor.event.ExecutionRecordedEvent;
import io.hookflow.executor.event.StepRecord;
import io.hookflow.executor.event.WebhookReceivedEvent;
import io.hookflow.executor.mapping.MappingEvaluator;
import io.hookflow.executor.mapping.MappingException;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Headers;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one webhook event through its flow version: the trigger's output is the webhook body, each action
 * step maps the previous output to its input and calls its connector. Writes a {@code running} record once
 * the execution has run for {@code executor.running-record-delay} ({@link RunningRecords}) and a
 * {@code succeeded}/{@code failed} one at the end (plus a dead letter when failed), and returns only once Kafka
 * acknowledged them, so the caller may then let the event's offset be committed.
 */
@ApplicationScoped
public class ExecutionService {

    private final FlowVersionCache flows;
    private final CredentialCache credentials;
    private final MappingEvaluator mappings;
    private final ConnectorClient connectors;
    private final ExecutionEventProducer producer;
    private final RunningRecords runningRecords;
    private final ExecutionMetrics metrics;
    private final ObjectMapper mapper;
    private final ObjectReader events;
    private final Duration recordTimeout;

    ExecutionService(FlowVersionCache flows, CredentialCache credentials, MappingEvaluator mappings,
                     ConnectorClient connectors, ExecutionEventProducer producer, RunningRecords runningRecords,
                     ExecutionMetrics metrics, ObjectMapper mapper, ExecutorConfig config) {
        this.flows = flows;
        this.credentials = credentials;
        this.mappings = mappings;
        this.connectors = connectors;
        this.producer = producer;
        this.runningRecords = runningRecords;
        this.metrics = metrics;
        this.mapper = mapper;
        this.events = mapper.readerFor(WebhookReceivedEvent.class);
        this.recordTimeout = config.recordTimeout();
    }

    /**
     * Executes the {@code webhook.received} message {@code value}. Throws only when Kafka did not take the
     * records; the message must then not be acknowledged.
     */
    public void execute(String key, byte[] value, Headers headers) {
        long startNanos = System.nanoTime();
        WebhookReceivedEvent event = parse(value);
        if (event == null) {
            Log.warnf("Discarding a webhook.received message (key %s) that is not a valid event; sent to the DLQ", key);
            await(producer.deadLetter(key, value, headers, "The message is not a valid webhook.received event", ""));
            return;
        }
        Instant startedAt = now();
        Instant receivedAt = event.receivedAt() != null ? event.receivedAt() : startedAt;

        FlowVersion flow;
        try {
            flow = flows.get(event.flowId(), event.flowVersion());
            if (flow.steps().isEmpty()) {
                throw new IllegalStateException("Flow " + flow.flowId() + " version " + flow.version()
                        + " has no steps");
            }
        } catch (RuntimeException e) {
            String error = "Could not load the flow version: " + messageOf(e);
            finish(key, value, headers, event, receivedAt, startedAt, List.of(), error, "", startNanos, null);
            return;
        }

        FlowStep trigger = flow.steps().get(0);
        List<StepRecord> steps = new ArrayList<>();
        steps.add(new StepRecord(trigger.id(), trigger.name(), ExecutionStatus.SUCCEEDED, startedAt, startedAt,
                null, event.body(), null));
        RunningRecords.Pending running = runningRecords.start(new ExecutionRecordedEvent(event.requestId(),
                event.flowId(), event.workspace(), event.flowVersion(), ExecutionStatus.RUNNING, receivedAt,
                startedAt, null, null, List.copyOf(steps)));

        Set<String> secrets = new HashSet<>();
        JsonNode previousOutput = event.body();
        String error = null;
        String failedStep = null;
        for (FlowStep step : flow.steps().subList(1, flow.steps().size())) {
            Instant stepStartedAt = now();
            JsonNode input = null;
            try {
                input = mappings.map(flow.flowId(), flow.version(), step.id(), step.mapping(), previousOutput);
                JsonNode output = runAction(event, step, input, secrets);
                steps.add(new StepRecord(step.id(), step.name(), ExecutionStatus.SUCCEEDED, stepStartedAt, now(),
                        input, output, null));
                previousOutput = output;
            } catch (MappingException | StepFailedException e) {
                String stepError = SecretRedactor.redact(e.getMessage(), secrets);
                steps.add(new StepRecord(step.id(), step.name(), ExecutionStatus.FAILED, stepStartedAt, now(),
                        input, null, stepError));
                error = "Step " + step.id() + " (" + step.name() + ") failed: " + stepError;
                failedStep = step.id();
                break;
            }
        }
        finish(key, value, headers, event, receivedAt, startedAt, steps, error, failedStep, startNanos, running);
    }

    private JsonNode runAction(WebhookReceivedEvent event, FlowStep step, JsonNode input, Set<String> secrets)
            throws StepFailedException {
        JsonNode credentialConfig = null;
        try {
            if (step.credentialId() != null && !step.credentialId().isBlank()) {
                CredentialMaterial credential = credentials.get(step.credentialId());
                if (credential.workspace() != null && event.workspace() != null
                        && !credential.workspace().equals(event.workspace())) {
                    throw new StepFailedException("Credential " + step.credentialId()
                            + " belongs to another workspace");
                }
                credentialConfig = credential.config();
                SecretRedactor.collect(credentialConfig, secrets);
            }
        } catch (RuntimeException e) {
            throw new StepFailedException("Could not load the step's credential: "
                    + SecretRedactor.redact(messageOf(e), secrets));
        }
        try {
            JsonNode output = connectors.invoke(step.component(), step.function(),
                    event.requestId() + ":" + step.id(),
                    new ActionRequest(credentialConfig == null ? mapper.createObjectNode() : credentialConfig,
                            input, event.requestId(), step.id()));
            return SecretRedactor.redact(output, secrets);
        } catch (RuntimeException e) {
            throw new StepFailedException(SecretRedactor.redact(messageOf(e), secrets));
        }
    }

    private void finish(String key, byte[] value, Headers headers, WebhookReceivedEvent event, Instant receivedAt,
                        Instant startedAt, List<StepRecord> steps, String error, String failedStep,
                        long startNanos, RunningRecords.Pending running) {
        // before the final record, so that a running record that went out is ahead of it
        CompletableFuture<Void> runningSent = running == null ? CompletableFuture.completedFuture(null) : running.end();
        ExecutionStatus status = error == null ? ExecutionStatus.SUCCEEDED : ExecutionStatus.FAILED;
        CompletableFuture<Void> recorded = producer.record(new ExecutionRecordedEvent(event.requestId(),
                event.flowId(), event.workspace(), event.flowVersion(), status, receivedAt, startedAt, now(), error,
                steps));
        CompletableFuture<Void> deadLettered = status == ExecutionStatus.FAILED
                ? producer.deadLetter(key, value, headers, error, failedStep)
                : CompletableFuture.completedFuture(null);
        await(CompletableFuture.allOf(runningSent, recorded, deadLettered));
        metrics.finished(status, Duration.ofNanos(System.nanoTime() - startNanos));
        if (status == ExecutionStatus.SUCCEEDED) {
            // one line per execution would be thousands a second under load: successes are counted in the metrics
            Log.debugf("Execution %s of flow %s version %d succeeded", event.requestId(), event.flowId(),
                    event.flowVersion());
        } else {
            Log.warnf("Execution %s of flow %s version %d failed: %s", event.requestId(), event.flowId(),
                    event.flowVersion(), error);
        }
    }

    private WebhookReceivedEvent parse(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            WebhookReceivedEvent event = events.readValue(value);
            if (event == null || isBlank(event.requestId()) || isBlank(event.flowId()) || event.flowVersion() == null) {
                return null;
            }
            return event;
        } catch (IOException e) {
            return null;
        }
    }

    private void await(CompletableFuture<Void> acknowledged) {
        try {
            acknowledged.get(recordTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka to acknowledge a record", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge an execution record", e);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String messageOf(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
