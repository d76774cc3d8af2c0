package io.hookflow.executor.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.hookflow.executor.ExecutionStatus;
import io.hookflow.executor.client.ActionRequest;
import io.hookflow.executor.client.ConnectorClient;
import io.hookflow.executor.client.CredentialMaterial;
import io.hookflow.executor.client.FlowScope;
import io.hookflow.executor.client.FlowStep;
import io.hookflow.executor.client.FlowVersion;
import io.hookflow.executor.client.InternalCallRejectedException;
import io.hookflow.executor.client.UnknownConnectorException;
import io.hookflow.executor.event.ExecutionEventProducer;
import io.hookflow.executor.event.ExecutionRecordedEvent;
import io.hookflow.executor.event.RetryState;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * Runs one attempt of a webhook event through its flow version: the trigger's output is the webhook body, each
 * action step maps the previous output to its input and calls its connector. Every mapping can also read the
 * webhook's attachments' metadata as {@code $attachments} (name, contentType, size; not their bytes); each action
 * call hands the connector the attachments themselves, bytes included.
 *
 * <p>How the attempt ends decides what is written, each durably (tried until Kafka acknowledged) before the
 * method returns, so the caller may then let the message's offset be committed:
 * <ul>
 *   <li>every step succeeded: a {@code succeeded} record;</li>
 *   <li>a permanent failure (the connector refused the input or credential with a 4xx, a mapping failed, the
 *   flow version does not exist): a {@code failed} record and a dead letter;</li>
 *   <li>a passing failure (a 5xx, 429, timeout or unreachable connector, flow-service or credential-service away,
 *   the step's circuit breaker open, anything unexpected): the event goes to {@code execution.deferred} with
 *   the next attempt's due time ({@link RetryPolicy}), then a {@code retrying} record; once the flow's retry
 *   limit is reached, or the flow was stopped, a {@code failed} record and a dead letter instead.</li>
 * </ul>
 * A {@code running} record is written once an attempt has run for {@code executor.running-record-delay}
 * ({@link RunningRecords}). Nothing thrown while running an attempt escapes, {@code Error}s included.
 *
 * <p>An operator's retry of a failed execution arrives on {@code execution.deferred} like an automatic one, marked
 * {@code manual} ({@link RetryState}): it fetches its steps' credentials afresh rather than from the cache, and starts
 * a new series of automatic attempts, which the retry limits count from.
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
    private final RetryPolicy retries;
    private final TargetHealth targets;
    private final FlowStates flowStates;
    private final ObjectMapper mapper;
    private final ObjectReader events;

    ExecutionService(FlowVersionCache flows, CredentialCache credentials, MappingEvaluator mappings,
                     ConnectorClient connectors, ExecutionEventProducer producer, RunningRecords runningRecords,
                     ExecutionMetrics metrics, RetryPolicy retries, TargetHealth targets, FlowStates flowStates,
                     ObjectMapper mapper) {
        this.flows = flows;
        this.credentials = credentials;
        this.mappings = mappings;
        this.connectors = connectors;
        this.producer = producer;
        this.runningRecords = runningRecords;
        this.metrics = metrics;
        this.retries = retries;
        this.targets = targets;
        this.flowStates = flowStates;
        this.mapper = mapper;
        this.events = mapper.readerFor(WebhookReceivedEvent.class);
    }

    /** One attempt of one event: the message as read, its parsed event and its retry state. */
    private record Attempt(String key, byte[] value, Headers headers, WebhookReceivedEvent event, RetryState retry,
                           Instant receivedAt, Instant startedAt, long startNanos) {

        int number() {
            return retry.attempt();
        }

        /** An operator asked for this attempt: it runs with the credentials as they are now, not as cached. */
        boolean manual() {
            return retry.manual();
        }

        /** The series of automatic attempts this one belongs to, which the retry limits count from. */
        RetryPolicy.Series series() {
            if (retry.seriesFirstAttempt() == null) {
                return RetryPolicy.Series.fromReceipt(receivedAt);
            }
            return new RetryPolicy.Series(retry.seriesFirstAttempt(), retry.seriesStartedAt() == null ? receivedAt
                    : Instant.ofEpochMilli(retry.seriesStartedAt()));
        }
    }

    /**
     * How an attempt ended: {@code error} null for success; {@code failedStep} empty before any step ran;
     * {@code reason} the dead letter's reason should it fail for good without a retry limit being reached.
     */
    private record Outcome(List<StepRecord> steps, String error, String failedStep, boolean passing,
                           Map<String, Integer> stepAttempts, DeadLetterReason reason) {
    }

    /**
     * Runs one attempt of the {@code webhook.received} (or {@code execution.deferred}) message {@code value} and
     * writes what it ended with. Throws {@link CancellationException} only when the thread was interrupted (the
     * executor is stopping) before that was written: the message must then not be committed.
     */
    public void execute(String key, byte[] value, Headers headers) {
        try {
            run(key, value, headers);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("The executor is stopping");
        }
    }

    private void run(String key, byte[] value, Headers headers) throws InterruptedException {
        long startNanos = System.nanoTime();
        WebhookReceivedEvent event = parse(value);
        if (event == null) {
            Log.warnf("Discarding a webhook.received message (key %s) that is not a valid event; sent to the DLQ", key);
            producer.sendDurably(producer.deadLetterMessage(key, value, headers,
                    "The message is not a valid webhook.received event", ""), null);
            metrics.deadLettered(DeadLetterReason.NOT_AN_EVENT);
            return;
        }
        Instant startedAt = now();
        Attempt attempt = new Attempt(key, value, headers, event, RetryState.of(headers, mapper),
                event.receivedAt() != null ? event.receivedAt() : startedAt, startedAt, startNanos);
        if (attempt.manual()) {
            metrics.manualRetry();
        }
        if (attempt.number() > 1 && flowStates.stopped(event.flowId())) {
            finish(attempt, null, new Outcome(List.of(), "The flow was stopped before attempt " + attempt.number()
                    + " could run", "", false, attempt.retry().stepAttempts(), DeadLetterReason.FLOW_STOPPED), null);
            return;
        }

        FlowVersion flow;
        try {
            flow = flows.get(event.flowId(), event.flowVersion());
        } catch (InternalCallRejectedException e) {
            finish(attempt, null, new Outcome(List.of(), "Could not load the flow version: " + messageOf(e), "", false,
                    attempt.retry().stepAttempts(), DeadLetterReason.FLOW_VERSION), null);
            return;
        } catch (RuntimeException e) {
            finish(attempt, null, new Outcome(List.of(), "Could not load the flow version: " + messageOf(e), "", true,
                    attempt.retry().stepAttempts(), DeadLetterReason.FLOW_VERSION), null);
            return;
        }
        if (flow.steps().isEmpty()) {
            finish(attempt, flow, new Outcome(List.of(), "Flow " + flow.flowId() + " version " + flow.version()
                    + " has no steps", "", false, attempt.retry().stepAttempts(), DeadLetterReason.FLOW_VERSION), null);
            return;
        }

        FlowStep trigger = flow.steps().get(0);
        List<StepRecord> steps = new ArrayList<>();
        steps.add(new StepRecord(trigger.id(), trigger.name(), ExecutionStatus.SUCCEEDED, startedAt, startedAt,
                null, event.body(), null, 1));
        RunningRecords.Pending running = runningRecords.start(new ExecutionRecordedEvent(event.executionId(),
                event.requestId(), event.flowId(), event.workspace(), event.flowVersion(), ExecutionStatus.RUNNING,
                attempt.receivedAt(), startedAt, null, null, attempt.number(), null, List.copyOf(steps)));
        Outcome outcome;
        try {
            outcome = runSteps(attempt, flow, steps);
        } catch (RuntimeException | Error e) {
            // not expected: a bug, or the JVM short of memory; the event is kept and tried again
            Log.errorf(e, "Attempt %d of execution %s failed unexpectedly", attempt.number(), event.executionId());
            outcome = new Outcome(steps, "Unexpected error: " + messageOf(e), "", true, attempt.retry().stepAttempts(),
                    DeadLetterReason.STEP_FAILED);
        }
        finish(attempt, flow, outcome, running);
    }

    private Outcome runSteps(Attempt attempt, FlowVersion flow, List<StepRecord> steps) {
        WebhookReceivedEvent event = attempt.event();
        Map<String, Integer> stepAttempts = new HashMap<>(attempt.retry().stepAttempts());
        Set<String> secrets = new HashSet<>();
        JsonNode previousOutput = event.body();
        JsonNode attachments = event.attachmentsMetadata();
        for (FlowStep step : flow.steps().subList(1, flow.steps().size())) {
            Instant stepStartedAt = now();
            long stepStartNanos = System.nanoTime();
            ExecutionMetrics.StepMeters meters = metrics.step(step.component(), step.function());
            JsonNode input = null;
            try {
                input = mappings.map(flow.flowId(), flow.version(), step.id(), step.mapping(), previousOutput,
                        attachments);
                JsonNode output = runAction(attempt, step, input, secrets, stepAttempts, meters);
                steps.add(new StepRecord(step.id(), step.name(), ExecutionStatus.SUCCEEDED, stepStartedAt, now(),
                        input, output, null, stepAttempts.getOrDefault(step.id(), 0)));
                meters.step(ExecutionStatus.SUCCEEDED, stepStartNanos);
                previousOutput = output;
            } catch (MappingException | StepFailedException e) {
                boolean passing = e instanceof StepFailedException failure && failure.isTransient();
                ExecutionStatus stepStatus = passing ? ExecutionStatus.RETRYING : ExecutionStatus.FAILED;
                meters.step(stepStatus, stepStartNanos);
                String stepError = SecretRedactor.redact(e.getMessage(), secrets);
                steps.add(new StepRecord(step.id(), step.name(), stepStatus,
                        stepStartedAt, now(), input, null, stepError, stepAttempts.getOrDefault(step.id(), 0)));
                return new Outcome(steps, "Step " + step.id() + " (" + step.name() + ") failed: " + stepError,
                        step.id(), passing, stepAttempts, DeadLetterReason.STEP_FAILED);
            }
        }
        return new Outcome(steps, null, null, false, stepAttempts, null);
    }

    private JsonNode runAction(Attempt attempt, FlowStep step, JsonNode input, Set<String> secrets,
                               Map<String, Integer> stepAttempts, ExecutionMetrics.StepMeters meters)
            throws StepFailedException {
        WebhookReceivedEvent event = attempt.event();
        JsonNode credentialConfig = null;
        if (step.credentialId() != null && !step.credentialId().isBlank()) {
            CredentialMaterial credential;
            try {
                // an operator retries after fixing what failed, often the credential: the cached copy may predate that
                FlowScope scope = FlowScope.version(event.flowId(), event.flowVersion());
                credential = attempt.manual() ? credentials.fresh(step.credentialId(), scope)
                        : credentials.get(step.credentialId(), scope);
            } catch (InternalCallRejectedException e) {
                throw new StepFailedException("Could not load the step's credential: " + messageOf(e));
            } catch (RuntimeException e) {
                throw StepFailedException.passing("Could not load the step's credential: " + messageOf(e));
            }
            if (credential.workspace() != null && event.workspace() != null
                    && !credential.workspace().equals(event.workspace())) {
                throw new StepFailedException("Credential " + step.credentialId() + " belongs to another workspace");
            }
            credentialConfig = credential.config();
            SecretRedactor.collect(credentialConfig, secrets);
        }
        if (!targets.admit(event.flowId(), step.id())) {
            Duration paused = targets.pausedFor(event.flowId(), step.id());
            throw StepFailedException.passing("Calls of this step are paused after failures in a row"
                    + (paused.isZero() ? " (a few calls are under way to see whether its connector is back)"
                    : " for another " + Math.max(1, paused.toSeconds()) + " s"));
        }
        stepAttempts.merge(step.id(), 1, Integer::sum);
        long callStartNanos = System.nanoTime();
        try {
            String executionId = event.executionId();
            JsonNode output = connectors.invoke(step.component(), step.function(), executionId + ":" + step.id(),
                    new ActionRequest(credentialConfig == null ? mapper.createObjectNode() : credentialConfig,
                            input, executionId, step.id(), event.attachmentsWithData()));
            meters.call(ExecutionMetrics.CallOutcome.SUCCESS, callStartNanos);
            targets.succeeded(event.flowId(), step.id());
            return SecretRedactor.redact(output, secrets);
        } catch (InternalCallRejectedException | UnknownConnectorException e) {
            // the connector answered: the target is up, the input or credential is wrong
            meters.call(ExecutionMetrics.CallOutcome.REJECTED, callStartNanos);
            targets.succeeded(event.flowId(), step.id());
            throw new StepFailedException(SecretRedactor.redact(messageOf(e), secrets));
        } catch (RuntimeException e) {
            meters.call(ExecutionMetrics.CallOutcome.UNAVAILABLE, callStartNanos);
            targets.failed(event.flowId(), step.id());
            throw StepFailedException.passing(SecretRedactor.redact(messageOf(e), secrets));
        }
    }

    private void finish(Attempt attempt, FlowVersion flow, Outcome outcome, RunningRecords.Pending running)
            throws InterruptedException {
        if (running != null) {
            // before the final record, so that a running record that went out is ahead of it on the partition
            running.end();
        }
        WebhookReceivedEvent event = attempt.event();
        String error = outcome.error();
        DeadLetterReason reason = outcome.reason();
        if (error != null && outcome.passing()) {
            Instant failedAt = now();
            RetryPolicy.Decision next = retries.next(flow == null ? null : flow.settings(), attempt.series(),
                    attempt.number(), failedAt);
            if (next.nextAttemptAt() != null) {
                defer(attempt, outcome, next.nextAttemptAt());
                return;
            }
            error = error + " (" + next.exhausted() + ")";
            reason = DeadLetterReason.RETRIES_EXHAUSTED;
        }
        ExecutionStatus status = error == null ? ExecutionStatus.SUCCEEDED : ExecutionStatus.FAILED;
        List<StepRecord> steps = status == ExecutionStatus.FAILED ? failedForGood(outcome.steps()) : outcome.steps();
        ExecutionRecordedEvent record = new ExecutionRecordedEvent(event.executionId(), event.requestId(),
                event.flowId(), event.workspace(), event.flowVersion(), status, attempt.receivedAt(), attempt.startedAt(),
                now(), error, attempt.number(), null, steps);
        producer.sendDurably(producer.recordMessage(record), () -> producer.recordMessage(record.withoutRunData()));
        if (status == ExecutionStatus.FAILED) {
            producer.sendDurably(producer.deadLetterMessage(attempt.key(), attempt.value(), attempt.headers(), error,
                    outcome.failedStep()), null);
            metrics.deadLettered(reason);
        }
        metrics.finished(status, Duration.ofNanos(System.nanoTime() - attempt.startNanos()));
        if (status == ExecutionStatus.SUCCEEDED) {
            // one line per execution would be thousands a second under load: successes are counted in the metrics
            Log.debugf("Execution %s of flow %s version %d succeeded", event.executionId(), event.flowId(),
                    event.flowVersion());
        } else {
            Log.warnf("Execution %s of flow %s version %d failed: %s", event.executionId(), event.flowId(),
                    event.flowVersion(), error);
        }
    }

    /**
     * The event is parked on {@code execution.deferred} first (from then on it cannot be lost), then the run log
     * learns that it is retrying.
     */
    private void defer(Attempt attempt, Outcome outcome, Instant nextAttemptAt) throws InterruptedException {
        WebhookReceivedEvent event = attempt.event();
        RetryState next = attempt.retry().following(attempt.number() + 1, nextAttemptAt.toEpochMilli(),
                outcome.stepAttempts());
        producer.sendDurably(producer.deferredMessage(attempt.key(), attempt.value(), attempt.headers(), next,
                outcome.error()), null);
        ExecutionRecordedEvent record = new ExecutionRecordedEvent(event.executionId(), event.requestId(),
                event.flowId(), event.workspace(), event.flowVersion(), ExecutionStatus.RETRYING, attempt.receivedAt(),
                attempt.startedAt(), null, outcome.error(), attempt.number(),
                nextAttemptAt.truncatedTo(ChronoUnit.MILLIS), outcome.steps());
        producer.sendDurably(producer.recordMessage(record), () -> producer.recordMessage(record.withoutRunData()));
        metrics.retrying();
        Log.infof("Execution %s of flow %s: attempt %d failed for a passing reason, next at %s: %s",
                event.executionId(), event.flowId(), attempt.number(), nextAttemptAt, outcome.error());
    }

    /** A step left {@code retrying} by the last attempt is {@code failed} once no attempt follows. */
    private static List<StepRecord> failedForGood(List<StepRecord> steps) {
        List<StepRecord> result = new ArrayList<>(steps.size());
        for (StepRecord step : steps) {
            result.add(step.status() != ExecutionStatus.RETRYING ? step
                    : new StepRecord(step.stepId(), step.name(), ExecutionStatus.FAILED, step.startedAt(),
                    step.finishedAt(), step.input(), step.output(), step.error(), step.attempts()));
        }
        return result;
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
