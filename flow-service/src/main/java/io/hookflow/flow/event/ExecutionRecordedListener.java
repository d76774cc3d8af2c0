package io.hookflow.flow.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.flow.ExecutionStatus;
import io.hookflow.flow.service.ExecutionService;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Optional;

/**
 * Consumes {@code execution.recorded} and upserts the execution records. A message that cannot be
 * understood is logged and skipped; a database failure is retried and then fails the channel, so the
 * offset is not committed and the record is read again after a restart.
 */
@ApplicationScoped
public class ExecutionRecordedListener {

    private final ObjectMapper objectMapper;
    private final ExecutionService executions;

    public ExecutionRecordedListener(ObjectMapper objectMapper, ExecutionService executions) {
        this.objectMapper = objectMapper;
        this.executions = executions;
    }

    @Incoming("execution-recorded")
    @Blocking
    @Retry(maxRetries = 5, delay = 1000)
    public void onRecorded(String payload) {
        if (payload == null) {
            return;
        }
        ExecutionRecordedEvent event;
        try {
            event = objectMapper.readValue(payload, ExecutionRecordedEvent.class);
        } catch (JsonProcessingException e) {
            Log.warnf("Skipping an execution.recorded message that is not valid JSON: %s", e.getOriginalMessage());
            return;
        }
        Optional<ExecutionStatus> status = ExecutionStatus.parse(event.status());
        if (event.requestId() == null || event.requestId().length() > 64 || event.flowId() == null || event.workspace() == null
                || event.receivedAt() == null || status.isEmpty()) {
            Log.warnf("Skipping an incomplete execution.recorded message for request %s", event.requestId());
            return;
        }
        executions.record(event, status.get());
    }
}
