package io.hookflow.flow.service;

import io.hookflow.flow.Flow;
import io.hookflow.flow.FlowDefinition;
import io.hookflow.flow.FlowDraft;
import io.hookflow.flow.FlowStep;
import io.hookflow.flow.event.FlowChangedEvent;
import io.hookflow.flow.event.FlowEventProducer;
import io.hookflow.flow.mapping.FlowMapper;
import io.hookflow.flow.repository.FlowAnnouncementRepository;
import io.hookflow.flow.repository.FlowAnnouncementRepository.Marked;
import io.hookflow.flow.repository.FlowAnnouncementRepository.MarkedPage;
import io.hookflow.flow.repository.FlowVersionRepository;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Puts flows' committed states on {@code flow.changed}. A change marks its flow in its own transaction
 * ({@link FlowAnnouncementRepository#mark}); announcing then, in one transaction per batch, locks each marked
 * flow's row, reads its state, sends it, waits for Kafka and only then removes the mark and releases the lock.
 * Every change takes the same lock, so a flow's messages are sent in commit order and each carries the state
 * committed when it was sent: the last one is the flow's state, whichever instance sent it. A send that fails
 * rolls back, leaving the marks for the next attempt.
 */
@ApplicationScoped
public class FlowAnnouncer {

    private final FlowAnnouncementRepository announcements;
    private final FlowVersionRepository versions;
    private final FlowMapper mapper;
    private final FlowEventProducer events;
    private final TransactionManager transactions;
    private volatile boolean kafkaFailing;

    public FlowAnnouncer(FlowAnnouncementRepository announcements, FlowVersionRepository versions,
                         FlowMapper mapper, FlowEventProducer events, TransactionManager transactions) {
        this.announcements = announcements;
        this.versions = versions;
        this.mapper = mapper;
        this.events = events;
        this.transactions = transactions;
    }

    /**
     * Announces one flow's committed state if it is still marked, right after the change that marked it committed.
     * Never fails the caller, whose change is saved and marked: when Kafka cannot take it the relay announces it
     * later. While Kafka is known to be failing it does not even try, so the API answers without waiting for Kafka.
     *
     * @return whether this call announced it (false: left to the relay, or already announced by another)
     */
    public boolean announceNow(String flowId) {
        if (kafkaFailing) {
            Log.infof("Flow %s changed; it is announced once Kafka takes flow.changed again", flowId);
            return false;
        }
        try {
            List<FlowChangedEvent> sent = QuarkusTransaction.requiringNew().call(() -> {
                Optional<Flow> flow = announcements.lockFlow(flowId);
                if (flow.isPresent()) {
                    return send(List.of(flow.get()), List.of());
                }
                return send(List.of(), announcements.lockMarkedDeleted(flowId).stream().toList());
            });
            if (!sent.isEmpty()) {
                succeeded();
            }
            sent.forEach(event -> Log.infof("Announced flow %s as %s (version %s)",
                    event.flowId(), event.status(), event.activeVersion()));
            return !sent.isEmpty();
        } catch (RuntimeException e) {
            failed(e);
            return false;
        }
    }

    /**
     * Announces up to {@code limit} marked flows, and as many marked deleted ones, those marked longest first; flows
     * another transaction holds are left to it.
     *
     * @return how many flows it found to announce, so the caller knows whether to go on
     * @throws DependencyUnavailableException when Kafka did not take them (nothing was unmarked)
     */
    public int announceMarked(int limit) {
        try {
            record Batch(int found, int sent) {
            }
            Batch batch = QuarkusTransaction.requiringNew().call(() -> {
                List<Flow> live = announcements.lockMarkedFlows(limit);
                List<Marked> deleted = announcements.lockMarkedDeleted(limit);
                return new Batch(Math.max(live.size(), deleted.size()), send(live, deleted).size());
            });
            if (batch.sent() > 0) {
                succeeded();
                Log.debugf("Announced %d marked flows", batch.sent());
            } else if (batch.found() == 0 && kafkaFailing) {
                // Nothing waits here any more (another instance sent it): let requests try Kafka themselves again.
                kafkaFailing = false;
                Log.info("No flow waits to be announced by this instance any more");
            }
            return batch.found();
        } catch (DependencyUnavailableException e) {
            failed(e);
            throw e;
        }
    }

    /**
     * Marks a page of flows for announcing, by id after {@code after} ({@code ""} for the first page).
     *
     * @return the page, empty once there are no more flows
     */
    public Optional<MarkedPage> markPage(String after, int size) {
        return QuarkusTransaction.requiringNew().call(() -> announcements.markPage(after, size));
    }

    /** How many flows wait to be announced. */
    public long pending() {
        return QuarkusTransaction.requiringNew().call(announcements::countMarked);
    }

    /** Unmarks and sends the locked flows' states, within the caller's transaction. */
    private List<FlowChangedEvent> send(List<Flow> live, List<Marked> deleted) {
        List<String> ids = new ArrayList<>();
        live.forEach(flow -> ids.add(flow.id));
        deleted.forEach(marked -> ids.add(marked.flowId()));
        // Only what is still marked: another instance may have sent it between our reading the marks and locking.
        Set<String> stillMarked = Set.copyOf(announcements.unmark(ids));
        List<FlowChangedEvent> states = new ArrayList<>(stillMarked.size());
        live.stream().filter(flow -> stillMarked.contains(flow.id)).map(this::state).forEach(states::add);
        deleted.stream().filter(marked -> stillMarked.contains(marked.flowId()))
                .map(FlowAnnouncer::deletedState).forEach(states::add);
        sendOutsideTransaction(states);
        return states;
    }

    /**
     * Sends while the transaction, and so the flows' locks, stay open, but detached from this thread: the emitter's
     * completion runs on Kafka's thread with the subscriber's contexts propagated, and a transaction propagated there
     * could still be associated with that thread when this one commits (Agroal then refuses the commit).
     */
    private void sendOutsideTransaction(List<FlowChangedEvent> states) {
        if (states.isEmpty()) {
            return;
        }
        Transaction transaction;
        try {
            transaction = transactions.suspend();
        } catch (SystemException e) {
            throw new IllegalStateException("Could not suspend the announcing transaction", e);
        }
        try {
            events.announce(states);
        } finally {
            try {
                transactions.resume(transaction);
            } catch (Exception e) {
                throw new IllegalStateException("Could not resume the announcing transaction", e);
            }
        }
    }

    /** The event carrying the flow's live state: webhook and settings come from the live version if any. */
    private FlowChangedEvent state(Flow flow) {
        FlowDefinition live = flow.activeVersion == null ? null
                : versions.findVersion(flow.id, flow.activeVersion).map(mapper::definition).orElse(null);
        if (live == null) {
            FlowDraft draft = mapper.draft(flow);
            live = new FlowDefinition(flow.name, draft.steps(), draft.settings());
        }
        FlowStep trigger = live.trigger();
        return new FlowChangedEvent(UUID.randomUUID().toString(), flow.id, flow.workspace, flow.name,
                flow.status.value(), flow.activeVersion,
                new FlowChangedEvent.Webhook(trigger.id(), trigger.credentialId()), live.settings(), Instant.now());
    }

    private static FlowChangedEvent deletedState(Marked marked) {
        return new FlowChangedEvent(UUID.randomUUID().toString(), marked.flowId(), marked.workspace(), marked.name(),
                FlowChangedEvent.DELETED, null, null, null, Instant.now());
    }

    private void succeeded() {
        if (kafkaFailing) {
            kafkaFailing = false;
            Log.info("Kafka takes flow.changed again: the flows changed meanwhile are being announced");
        }
    }

    private void failed(RuntimeException e) {
        if (!kafkaFailing) {
            kafkaFailing = e instanceof DependencyUnavailableException;
            Log.warnf("flow.changed could not be sent (%s); changes stay saved and are announced once it can",
                    rootMessage(e));
        } else {
            Log.debugf("flow.changed still cannot be sent: %s", rootMessage(e));
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
