package io.hookflow.flow.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookflow.flow.Execution;
import io.hookflow.flow.ExecutionStatus;
import io.hookflow.flow.event.ExecutionRecordedEvent;
import io.hookflow.flow.mapping.ExecutionMapper;
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

    public ExecutionService(ExecutionRepository executions, FlowRepository flows, ExecutionMapper mapper) {
        this.executions = executions;
        this.flows = flows;
        this.mapper = mapper;
    }

    /** A page of a flow's executions, newest first, with the total count. */
    public record ExecutionPage(List<Execution> executions, long total) {
    }

    /**
     * Upserts the execution by requestId. Redelivery writes the same values again; a {@code running}
     * report arriving after the execution finished is ignored, so a finished record stays finished.
     */
    @Transactional
    public void record(ExecutionRecordedEvent event, ExecutionStatus status) {
        Execution execution = executions.findById(event.requestId());
        if (execution != null && execution.status.finished() && !status.finished()) {
            Log.debugf("Ignoring late running report of finished execution %s", event.requestId());
            return;
        }
        if (execution == null) {
            execution = new Execution();
            execution.id = event.requestId();
            fill(execution, event, status);
            executions.persist(execution);
        } else {
            fill(execution, event, status);
        }
    }

    @Transactional
    public ExecutionPage list(String workspace, String flowId, ExecutionStatus status, int page, int size) {
        flows.findInWorkspace(workspace, flowId).orElseThrow(() -> ResourceNotFoundException.flow(flowId));
        return new ExecutionPage(executions.listForFlow(workspace, flowId, status, page, size),
                executions.countForFlow(workspace, flowId, status));
    }

    @Transactional
    public Execution get(String workspace, String id) {
        return executions.findInWorkspace(workspace, id)
                .orElseThrow(() -> new ResourceNotFoundException("Execution " + id + " does not exist"));
    }

    private void fill(Execution execution, ExecutionRecordedEvent event, ExecutionStatus status) {
        execution.flowId = event.flowId();
        execution.workspace = event.workspace();
        execution.flowVersion = event.flowVersion();
        execution.status = status;
        execution.receivedAt = event.receivedAt();
        execution.startedAt = event.startedAt();
        execution.finishedAt = event.finishedAt();
        execution.durationMs = event.finishedAt() == null ? null
                : Duration.between(event.receivedAt(), event.finishedAt()).toMillis();
        execution.error = text(event.error());
        execution.steps = mapper.stepsJson(event.steps());
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isTextual() ? node.textValue() : node.toString();
    }
}
