package io.hookflow.flow.mapping;

import com.fasterxml.jackson.core.type.TypeReference;
import io.hookflow.flow.Execution;
import io.hookflow.flow.ExecutionStep;
import io.hookflow.flow.rest.ExecutionDetail;
import io.hookflow.flow.rest.ExecutionSummary;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Converts execution records to the API records. */
@ApplicationScoped
public class ExecutionMapper {

    private static final TypeReference<List<ExecutionStep>> STEPS = new TypeReference<>() {
    };

    private final JsonCodec json;

    public ExecutionMapper(JsonCodec json) {
        this.json = json;
    }

    public String stepsJson(List<ExecutionStep> steps) {
        return json.write(steps == null ? List.of() : steps);
    }

    public ExecutionSummary toSummary(Execution execution) {
        return new ExecutionSummary(execution.id, execution.flowId, execution.flowVersion,
                execution.status.value(), execution.attempts, execution.receivedAt, execution.finishedAt,
                execution.durationMs);
    }

    public ExecutionDetail toDetail(Execution execution) {
        return new ExecutionDetail(execution.id, execution.flowId, execution.flowVersion,
                execution.status.value(), execution.attempts, execution.receivedAt, execution.finishedAt,
                execution.durationMs, execution.nextAttemptAt, execution.error, json.read(execution.steps, STEPS));
    }
}
