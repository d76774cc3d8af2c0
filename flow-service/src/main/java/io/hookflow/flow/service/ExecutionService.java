package io.hookflow.flow.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookflow.flow.Execution;
import io.hookflow.flow.ExecutionFilter;
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
import java.util.Map;
import java.util.TreeMap;

/** Execution records: kept up to date from {@code execution.recorded}, read through the admin API. */
@ApplicationScoped
public class ExecutionService {

    private final ExecutionRepository executions;
    private final FlowRepository flows;
    private final ExecutionMapper mapper;

    public ExecutionService(ExecutionRepository executions, FlowRepository flows, ExecutionMapper mapper) {
        this.executions = executions;
        this.flows = flows;
        this.mapper = mapper;
    }

    /** A page of a flow's executions, newest first, with the total count. */
    public record ExecutionPage(List<Execution> executions, long total) {
    }

    /** An {@code execution.recorded} message that was read and checked, with its parsed status. */
    public record RecordedExecution(ExecutionRecordedEvent event, ExecutionStatus status) {
    }

    /**
     * Upserts the reports by requestId in one transaction and one batch of statements. Reports of the same
     * execution are folded first, in the given order: each replaces the one before, except that a
     * {@code running} or {@code retrying} report never replaces a finished one, nor one of a later attempt. The
     * database applies the same rule to the row already stored, so redelivery writes the same values again and a
     * finished record stays finished. Content PostgreSQL cannot hold (U+0000) is replaced, with a note on the step
     * ({@link StorableSteps}).
     */
    @Transactional
    public void record(List<RecordedExecution> reports) {
        // Sorted by id: concurrent batches (two instances during a rebalance) lock rows in the same order.
        Map<String, RecordedExecution> latest = new TreeMap<>();
        for (RecordedExecution report : reports) {
            RecordedExecution known = latest.get(report.event().requestId());
            if (known != null && !report.status().finished()
                    && (known.status().finished() || attempts(known) > attempts(report))) {
                Log.debugf("Ignoring a late %s report of execution %s", report.status().value(), report.event().requestId());
                continue;
            }
            latest.put(report.event().requestId(), report);
        }
        executions.upsert(latest.values().stream().map(report -> toExecution(report, false)).toList());
    }

    /**
     * Upserts one report without its steps' input and output (each step noted so), in its own transaction: for a
     * report the database refused as it was.
     */
    @Transactional
    public void recordWithoutStepData(RecordedExecution report) {
        executions.upsert(List.of(toExecution(report, true)));
    }

    /** A page of the flow's executions that pass the filter, newest first, with how many pass it. */
    @Transactional
    public ExecutionPage list(String workspace, String flowId, ExecutionFilter filter, int page, int size) {
        // The flow's workspace is checked here; the execution queries then need only its id.
        flows.findInWorkspace(workspace, flowId).orElseThrow(() -> ResourceNotFoundException.flow(flowId));
        return new ExecutionPage(executions.listForFlow(flowId, filter, page, size),
                executions.countForFlow(flowId, filter));
    }

    @Transactional
    public Execution get(String workspace, String id) {
        return executions.findInWorkspace(workspace, id)
                .orElseThrow(() -> new ResourceNotFoundException("Execution " + id + " does not exist"));
    }

    private Execution toExecution(RecordedExecution report, boolean withoutStepData) {
        ExecutionRecordedEvent event = report.event();
        Execution execution = new Execution();
        execution.id = event.requestId();
        execution.flowId = event.flowId();
        execution.workspace = event.workspace();
        execution.flowVersion = event.flowVersion();
        execution.status = report.status();
        execution.receivedAt = event.receivedAt();
        execution.startedAt = event.startedAt();
        execution.finishedAt = event.finishedAt();
        execution.durationMs = event.finishedAt() == null ? null
                : Duration.between(event.receivedAt(), event.finishedAt()).toMillis();
        execution.error = StorableSteps.text(text(event.error()));
        execution.attempts = attempts(report);
        execution.nextAttemptAt = report.status() == ExecutionStatus.RETRYING ? event.nextAttemptAt() : null;
        execution.steps = mapper.stepsJson(withoutStepData
                ? StorableSteps.withoutData(event.steps()) : StorableSteps.storable(event.steps()));
        return execution;
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
