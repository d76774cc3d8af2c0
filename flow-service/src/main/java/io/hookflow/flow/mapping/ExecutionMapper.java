package io.hookflow.flow.mapping;

import com.fasterxml.jackson.core.type.TypeReference;
import io.hookflow.flow.Execution;
import io.hookflow.flow.ExecutionAttempt;
import io.hookflow.flow.ExecutionHistory;
import io.hookflow.flow.ExecutionStep;
import io.hookflow.flow.rest.ExecutionAttemptDetail;
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
        return new ExecutionSummary(execution.id, execution.requestId, execution.flowId, execution.flowVersion,
                execution.status.value(), execution.attempts, execution.receivedAt, execution.finishedAt,
                execution.durationMs);
    }

    public ExecutionDetail toDetail(ExecutionHistory history) {
        Execution execution = history.execution();
        List<ExecutionAttemptDetail> attempts = history.attempts().stream().map(this::toDetail).toList();
        // The latest attempt's steps: the attempt the summary is about, else the newest there is.
        List<ExecutionStep> steps = history.attempts().stream()
                .filter(attempt -> attempt.attempt == execution.attempts).findFirst()
                .or(() -> history.attempts().stream().reduce((older, newer) -> newer))
                .map(attempt -> json.read(attempt.steps, STEPS)).orElse(List.of());
        return new ExecutionDetail(execution.id, execution.requestId, execution.flowId, execution.flowVersion,
                execution.status.value(), execution.attempts, execution.receivedAt, execution.finishedAt,
                execution.durationMs, execution.nextAttemptAt, execution.error, steps, attempts);
    }

    private ExecutionAttemptDetail toDetail(ExecutionAttempt attempt) {
        return new ExecutionAttemptDetail(attempt.attempt, attempt.status.value(), attempt.startedAt,
                attempt.finishedAt, attempt.error, json.read(attempt.steps, STEPS));
    }
}
