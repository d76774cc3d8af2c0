package io.hookflow.flow.service;

import io.hookflow.flow.Execution;
import io.hookflow.flow.ExecutionAttempt;
import io.hookflow.flow.ExecutionStatus;
import io.hookflow.flow.repository.ExecutionRepository.StoredExecution;
import io.hookflow.flow.service.ExecutionStats.Change;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides what a batch of reports changes in the run log, given what is stored of the executions it names.
 * <ul>
 * <li>An execution belongs to one flow and one workspace for good: a report naming an existing execution of another
 *     flow or workspace is refused.</li>
 * <li>An attempt ends once: its first {@code retrying}, {@code succeeded} or {@code failed} report stays; until then
 *     each report of it replaces the one before ({@code running} by a later {@code running} or by its end). The
 *     database applies the same rule to the attempt row already stored ({@code ExecutionRepository.upsertAttempts}).
 *     {@code retrying} ends an attempt too: the next report of the execution is about attempt N+1.</li>
 * <li>The execution row follows its latest attempt: a report of a higher attempt always applies, one of a lower
 *     attempt never, one of the same attempt only while that attempt has not ended. A manual retry sets a failed
 *     execution {@code retrying} without a new attempt: its attempt has ended, so only attempt N+1 moves it on.</li>
 * </ul>
 * Reports are taken in the order given (a partition's order).
 */
final class ExecutionMerge {

    private ExecutionMerge() {
    }

    /** One report: the execution row it would write and the attempt row it is about. */
    record Report(Execution execution, ExecutionAttempt attempt) {
    }

    /**
     * What to write: new execution rows, changed ones (at most one of each per id), attempt rows in (id, attempt)
     * order, the stats changes of the rows whose status or duration changed, and the reports refused as another
     * flow's or workspace's.
     */
    record Plan(List<Execution> inserts, List<Execution> updates, List<ExecutionAttempt> attempts,
                List<Change> changes, List<Report> foreign) {
    }

    private static final Comparator<ExecutionAttempt> ATTEMPT_ORDER =
            Comparator.comparing((ExecutionAttempt a) -> a.executionId).thenComparingInt(a -> a.attempt);

    static Plan plan(Map<String, StoredExecution> stored, List<Report> reports) {
        Map<String, State> states = new TreeMap<>();
        Map<ExecutionAttempt, ExecutionAttempt> attempts = new TreeMap<>(ATTEMPT_ORDER);
        List<Report> foreign = new ArrayList<>();
        for (Report report : reports) {
            Execution row = report.execution();
            State state = states.computeIfAbsent(row.id, id -> new State(stored.get(id)));
            if (!state.owns(row)) {
                foreign.add(report);
                continue;
            }
            attempts.merge(report.attempt(), report.attempt(),
                    (known, next) -> known.status == ExecutionStatus.RUNNING ? next : known);
            if (state.accepts(row)) {
                state.apply(row, report.attempt().status);
            }
        }
        List<Execution> inserts = new ArrayList<>();
        List<Execution> updates = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        for (State state : states.values()) {
            if (!state.changed) {
                continue;
            }
            (state.stored == null ? inserts : updates).add(state.current);
            state.change().ifPresent(changes::add);
        }
        return new Plan(inserts, updates, new ArrayList<>(attempts.values()), changes, foreign);
    }

    /** One execution while the batch is folded: what is stored and what it has become. */
    private static final class State {
        final StoredExecution stored;
        Execution current;
        String flowId;
        String workspace;
        int attempts;
        ExecutionStatus attemptStatus;
        boolean changed;

        State(StoredExecution stored) {
            this.stored = stored;
            if (stored != null) {
                flowId = stored.flowId();
                workspace = stored.workspace();
                attempts = stored.attempts();
                attemptStatus = stored.latestAttemptStatus() != null ? stored.latestAttemptStatus() : stored.status();
            }
        }

        boolean owns(Execution row) {
            return flowId == null || flowId.equals(row.flowId) && workspace.equals(row.workspace);
        }

        boolean accepts(Execution row) {
            if (flowId == null || row.attempts > attempts) {
                return true;
            }
            return row.attempts == attempts && attemptStatus == ExecutionStatus.RUNNING;
        }

        void apply(Execution row, ExecutionStatus reportedAttemptStatus) {
            current = row;
            flowId = row.flowId;
            workspace = row.workspace;
            attempts = row.attempts;
            attemptStatus = reportedAttemptStatus;
            changed = true;
        }

        Optional<Change> change() {
            if (stored == null) {
                return Optional.of(new Change(current.flowId, current.receivedAt, null, null,
                        current.status, current.durationMs));
            }
            if (stored.status() == current.status && Objects.equals(stored.durationMs(), current.durationMs)) {
                return Optional.empty();
            }
            return Optional.of(new Change(stored.flowId(), stored.receivedAt(), stored.status(),
                    stored.durationMs(), current.status, current.durationMs));
        }
    }
}
