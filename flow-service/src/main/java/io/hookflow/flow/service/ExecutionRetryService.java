package io.hookflow.flow.service;

import io.hookflow.flow.Execution;
import io.hookflow.flow.ExecutionStatus;
import io.hookflow.flow.Flow;
import io.hookflow.flow.FlowStatus;
import io.hookflow.flow.event.RetryMessages;
import io.hookflow.flow.mapping.MessageHeaderCodec;
import io.hookflow.flow.repository.DeadLetterRepository;
import io.hookflow.flow.repository.ExecutionRepository;
import io.hookflow.flow.repository.FlowRepository;
import io.hookflow.flow.repository.OutboxRepository;
import io.hookflow.flow.repository.OutboxRepository.LetterCopy;
import io.hookflow.flow.repository.RetryRepository;
import io.hookflow.flow.repository.RetryRepository.Retried;
import io.hookflow.flow.repository.RetryRepository.Selection;
import io.hookflow.flow.config.FlowConfig;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Runs failed executions again, as a new attempt of the same execution: from the original webhook (kept as a dead
 * letter), with the flow version it was received with and the credentials as they are now. In one transaction the
 * execution turns {@code retrying} (only from {@code failed}), the stats follow, and the original message with a
 * manual {@code hookflow-retry} header goes into the outbox for {@code execution.deferred}; the relay sends it
 * after the commit.
 */
@ApplicationScoped
public class ExecutionRetryService {

    /** A queued retry: the execution and the number of the attempt it waits for. */
    public record QueuedRetry(String executionId, int attempt) {
    }

    /** What a flow's retry did: executions queued, failed ones skipped (no stored webhook), and whether more wait. */
    public record BulkRetry(int queued, long skipped, boolean more) {
    }

    private final ExecutionRepository executions;
    private final FlowRepository flows;
    private final DeadLetterRepository deadLetters;
    private final RetryRepository retries;
    private final OutboxRepository outbox;
    private final ExecutionStats stats;
    private final MessageHeaderCodec headers;
    private final OutboxRelay relay;
    private final FlowConfig config;

    public ExecutionRetryService(ExecutionRepository executions, FlowRepository flows, DeadLetterRepository deadLetters,
                                 RetryRepository retries, OutboxRepository outbox, ExecutionStats stats,
                                 MessageHeaderCodec headers, OutboxRelay relay, FlowConfig config) {
        this.executions = executions;
        this.flows = flows;
        this.deadLetters = deadLetters;
        this.retries = retries;
        this.outbox = outbox;
        this.stats = stats;
        this.headers = headers;
        this.relay = relay;
        this.config = config;
    }

    /**
     * Retries one failed execution of the workspace.
     *
     * @throws ResourceNotFoundException when there is no such execution in the workspace
     * @throws ConflictException when it is not failed, its flow is not active, or its webhook is not stored yet
     */
    public QueuedRetry retry(String workspace, String executionId) {
        QueuedRetry queued = QuarkusTransaction.requiringNew().call(() -> {
            Execution execution = executions.findInWorkspace(workspace, executionId)
                    .orElseThrow(() -> new ResourceNotFoundException("Execution " + executionId + " does not exist"));
            return retryInTransaction(workspace, execution, null);
        });
        relay.signal();
        return queued;
    }

    /**
     * Retries the execution within the caller's transaction; {@code letterId}, when given, is the dead letter counted
     * as replayed (else the one holding the webhook).
     */
    QueuedRetry retryInTransaction(String workspace, Execution execution, String letterId) {
        if (execution.status != ExecutionStatus.FAILED) {
            throw notFailed(execution.id, execution.status);
        }
        requireActive(workspace, execution.flowId);
        if (!deadLetters.existsForExecution(workspace, execution.id)) {
            throw new ConflictException("The original webhook of execution " + execution.id
                    + " is not stored yet; try again shortly");
        }
        Instant now = now();
        List<Retried> retried = retries.markRetrying(Selection.execution(workspace, execution.id), 1, false, now);
        if (retried.isEmpty()) {
            throw new ConflictException("Execution " + execution.id
                    + " is no longer failed: it is being retried already or has changed; look at it again");
        }
        queue(retried, letterId, now);
        return new QueuedRetry(execution.id, retried.get(0).attempts() + 1);
    }

    /**
     * Retries the flow's failed executions received in {@code [from, to)} (either bound may be null), oldest first,
     * at most {@code flow.retry.max-per-request} of them.
     *
     * @throws ResourceNotFoundException when the flow is not in the workspace
     * @throws ConflictException when the flow is not active
     */
    public BulkRetry retryFlow(String workspace, String flowId, Instant from, Instant to) {
        BulkRetry result = QuarkusTransaction.requiringNew().call(() -> {
            Flow flow = flows.findInWorkspace(workspace, flowId).orElseThrow(() -> ResourceNotFoundException.flow(flowId));
            if (flow.status != FlowStatus.ACTIVE) {
                throw inactive(flowId);
            }
            Selection selection = Selection.flow(flowId, from, to);
            Instant now = now();
            List<Retried> retried = retries.markRetrying(selection, config.retry().maxPerRequest(), true, now);
            queue(retried, null, now);
            return new BulkRetry(retried.size(), retries.countWithoutWebhook(selection), retries.anyRetryable(selection));
        });
        if (result.queued() > 0) {
            Log.infof("Queued %d failed executions of flow %s for another attempt (%d without a stored webhook)",
                    result.queued(), flowId, result.skipped());
            relay.signal();
        }
        return result;
    }

    private void queue(List<Retried> retried, String letterId, Instant now) {
        if (retried.isEmpty()) {
            return;
        }
        stats.apply(retried.stream()
                .map(r -> new ExecutionStats.Change(r.flowId(), r.receivedAt(), ExecutionStatus.FAILED,
                        r.oldDurationMs(), ExecutionStatus.RETRYING, null))
                .toList());
        outbox.enqueueCopies(retried.stream()
                .map(r -> new LetterCopy(r.letterId(), RetryMessages.DEFERRED_TOPIC,
                        headers.writeTexts(RetryMessages.manualRetry(r.attempts() + 1, now))))
                .toList(), now);
        deadLetters.markReplayed(letterId != null ? List.of(letterId)
                : retried.stream().map(Retried::letterId).distinct().toList(), now);
    }

    private void requireActive(String workspace, String flowId) {
        Flow flow = flows.findInWorkspace(workspace, flowId).orElse(null);
        if (flow == null || flow.status != FlowStatus.ACTIVE) {
            throw inactive(flowId);
        }
    }

    private static ConflictException inactive(String flowId) {
        return new ConflictException("Flow " + flowId + " is not active (stopped or deleted): start it first, then retry");
    }

    static ConflictException notFailed(String executionId, ExecutionStatus status) {
        return new ConflictException("Execution " + executionId + " is " + status.value()
                + ": only a failed execution can be retried");
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
