package io.hookflow.flow.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookflow.flow.Execution;
import io.hookflow.flow.ExecutionAttempt;
import io.hookflow.flow.ExecutionFilter;
import io.hookflow.flow.ExecutionHistory;
import io.hookflow.flow.ExecutionStatus;
import io.hookflow.flow.event.ExecutionRecordedEvent;
import io.hookflow.flow.mapping.ExecutionMapper;
import io.hookflow.flow.mapping.StorableSteps;
import io.hookflow.flow.repository.ExecutionRepository;
import io.hookflow.flow.repository.FlowRepository;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.util.List;

/** Execution records: kept up to date from {@code execution.recorded}, read through the admin API. */
@ApplicationScoped
public class ExecutionService {

    private final ExecutionRepository executions;
    private final FlowRepository flows;
    private final ExecutionMapper mapper;
    private final ExecutionStats stats;

    public ExecutionService(ExecutionRepository executions, FlowRepository flows, ExecutionMapper mapper,
                            ExecutionStats stats) {
        this.executions = executions;
        this.flows = flows;
        this.mapper = mapper;
        this.stats = stats;
    }

    /** A page of a flow's executions, newest first, with the total count. */
    public record ExecutionPage(List<Execution> executions, long total) {
    }

    /** An {@code execution.recorded} message that was read and checked, with its execution's id and parsed status. */
    public record RecordedExecution(String executionId, ExecutionRecordedEvent event, ExecutionStatus status) {
    }

    /**
     * Records the reports in one transaction and a few batched statements: the executions they name are read under
     * their row locks, {@link ExecutionMerge} decides what changes, and the rows and the stats change together.
     * Content PostgreSQL cannot hold (U+0000) is replaced, with a note on the step ({@link StorableSteps}).
     */
    @Transactional
    public List<ExecutionStats.Change> record(List<RecordedExecution> reports) {
        return write(reports.stream().map(report -> toReport(report, Content.AS_REPORTED)).toList());
    }

    /**
     * Records one report without its steps' input and output (each step noted so), in its own transaction: for a
     * report the database refused as it was.
     */
    @Transactional
    public List<ExecutionStats.Change> recordWithoutStepData(RecordedExecution report) {
        return write(List.of(toReport(report, Content.WITHOUT_STEP_DATA)));
    }

    /**
     * Records one report as its ids, status and times, with a note in place of its error and steps, in its own
     * transaction: for a report the database refused even without its steps' data ({@code sqlState} its answer).
     */
    @Transactional
    public List<ExecutionStats.Change> recordMinimal(RecordedExecution report, String sqlState) {
        return write(List.of(toReport(report, Content.minimal(sqlState))));
    }

    /** Writes the reports' changes and answers them (the executions whose status or duration changed). */
    private List<ExecutionStats.Change> write(List<ExecutionMerge.Report> reports) {
        ExecutionMerge.Plan plan = ExecutionMerge.plan(
                executions.lockForRecording(reports.stream().map(report -> report.execution().id).distinct().toList()),
                reports);
        for (ExecutionMerge.Report refused : plan.foreign()) {
            // Ids and owners only: never the run data.
            Log.warnf("Ignoring a %s report of execution %s for flow %s in workspace %s: the execution belongs to another flow or workspace",
                    refused.execution().status.value(), refused.execution().id, refused.execution().flowId,
                    refused.execution().workspace);
        }
        executions.insert(plan.inserts());
        executions.update(plan.updates());
        executions.upsertAttempts(plan.attempts());
        if (!plan.changes().isEmpty()) {
            stats.apply(plan.changes());
        }
        return plan.changes();
    }

    /** A page of the flow's executions that pass the filter, newest first, with how many pass it. */
    @Transactional
    public ExecutionPage list(String workspace, String flowId, ExecutionFilter filter, int page, int size) {
        // The flow's workspace is checked here; the execution queries then need only its id.
        flows.findInWorkspace(workspace, flowId).orElseThrow(() -> ResourceNotFoundException.flow(flowId));
        return new ExecutionPage(executions.listForFlow(flowId, filter, page, size),
                executions.countForFlow(flowId, filter));
    }

    /** The execution with its attempts, oldest first. */
    @Transactional
    public ExecutionHistory get(String workspace, String id) {
        Execution execution = executions.findInWorkspace(workspace, id)
                .orElseThrow(() -> new ResourceNotFoundException("Execution " + id + " does not exist"));
        return new ExecutionHistory(execution, executions.attempts(id));
    }

    /** How much of a report is stored: with a note, the note replaces its error. */
    private record Content(boolean stepData, boolean steps, String note) {
        static final Content AS_REPORTED = new Content(true, true, null);
        static final Content WITHOUT_STEP_DATA = new Content(false, true, null);

        static Content minimal(String sqlState) {
            return new Content(false, false, StorableSteps.unstorableNote(sqlState));
        }
    }

    private ExecutionMerge.Report toReport(RecordedExecution report, Content content) {
        ExecutionRecordedEvent event = report.event();
        String error = content.note() != null ? content.note() : StorableSteps.text(text(event.error()));
        Execution execution = new Execution();
        execution.id = report.executionId();
        execution.requestId = event.requestId();
        execution.flowId = event.flowId();
        execution.workspace = event.workspace();
        execution.flowVersion = event.flowVersion();
        execution.status = report.status();
        execution.receivedAt = event.receivedAt();
        execution.finishedAt = event.finishedAt();
        execution.durationMs = event.finishedAt() == null ? null
                : Duration.between(event.receivedAt(), event.finishedAt()).toMillis();
        execution.error = error;
        execution.attempts = attempts(report);
        execution.nextAttemptAt = report.status() == ExecutionStatus.RETRYING ? event.nextAttemptAt() : null;

        ExecutionAttempt attempt = new ExecutionAttempt();
        attempt.executionId = execution.id;
        attempt.attempt = execution.attempts;
        attempt.status = execution.status;
        attempt.startedAt = event.startedAt();
        attempt.finishedAt = event.finishedAt();
        attempt.error = error;
        attempt.steps = mapper.stepsJson(!content.steps() ? List.of()
                : content.stepData() ? StorableSteps.storable(event.steps()) : StorableSteps.withoutData(event.steps()));
        return new ExecutionMerge.Report(execution, attempt);
    }

    private static int attempts(RecordedExecution report) {
        Integer attempts = report.event().attempts();
        return attempts == null || attempts < 1 ? 1 : attempts;
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isTextual() ? node.textValue() : node.toString();
    }
}
