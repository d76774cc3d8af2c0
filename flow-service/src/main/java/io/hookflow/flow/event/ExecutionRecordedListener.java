package io.hookflow.flow.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.flow.ExecutionIds;
import io.hookflow.flow.ExecutionStatus;
import io.hookflow.flow.service.ExecutionService;
import io.hookflow.flow.service.ExecutionService.RecordedExecution;
import io.hookflow.flow.service.RunLogMetrics;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Consumes {@code execution.recorded} a poll at a time and records the reports of each poll in one transaction.
 * A message that cannot be understood is logged and skipped. Nothing else is skipped because of its content: what
 * PostgreSQL cannot hold is replaced before writing, and a record the database still refuses (bad data) is found by
 * writing the batch again one message at a time and stored without its steps' input and output, or, refused even
 * so, as a minimal record (ids, status, times and a note in place of the run data). Any other database failure, a
 * refusal of the minimal record included (it holds nothing but checked ids and times), is retried and then fails
 * the channel: the batch's offsets are committed only after its transaction committed, so it is read again after a
 * restart.
 * <p>
 * A message names its execution by {@code executionId}; one from an executor that predates it by its flow and
 * requestId, from which the id is derived ({@link ExecutionIds#of}).
 */
@ApplicationScoped
public class ExecutionRecordedListener {

    /** Instants PostgreSQL's timestamptz holds and whose differences fit a long of milliseconds. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final ObjectMapper objectMapper;
    private final ExecutionService executions;
    private final RunLogMetrics metrics;

    public ExecutionRecordedListener(ObjectMapper objectMapper, ExecutionService executions, RunLogMetrics metrics) {
        this.objectMapper = objectMapper;
        this.executions = executions;
        this.metrics = metrics;
    }

    @Incoming("execution-recorded")
    @Blocking
    @Retry(maxRetries = 5, delay = 1000)
    public void onRecorded(ConsumerRecords<String, String> records) {
        List<RecordedExecution> reports = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            read(record).ifPresent(reports::add);
        }
        if (reports.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        try {
            metrics.written(start, reports, executions.record(reports));
        } catch (RuntimeException e) {
            if (!refusedData(e)) {
                metrics.failed(start);
                throw e;
            }
            metrics.refused(start);
            Log.warnf("The database refused a batch of %d execution records (SQL state %s); writing them one at a time",
                    reports.size(), sqlState(e));
            recordOneAtATime(reports);
        }
    }

    private void recordOneAtATime(List<RecordedExecution> reports) {
        for (RecordedExecution report : reports) {
            try {
                metrics.reported(List.of(report), executions.record(List.of(report)));
            } catch (RuntimeException e) {
                if (!refusedData(e)) {
                    throw e;
                }
                Log.warnf("The database refused the %s report of execution %s (SQL state %s); storing it without its steps' input and output",
                        report.status().value(), report.executionId(), sqlState(e));
                recordWithoutStepData(report);
            }
        }
    }

    private void recordWithoutStepData(RecordedExecution report) {
        try {
            metrics.reported(List.of(report), executions.recordWithoutStepData(report));
        } catch (RuntimeException e) {
            if (!refusedData(e)) {
                throw e;
            }
            String state = sqlState(e);
            Log.errorf("The database refused the %s report of execution %s even without its steps' input and output (SQL state %s); storing a minimal record",
                    report.status().value(), report.executionId(), state);
            metrics.reported(List.of(report), executions.recordMinimal(report, state));
        }
    }

    private Optional<RecordedExecution> read(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        ExecutionRecordedEvent event;
        try {
            event = objectMapper.readValue(record.value(), ExecutionRecordedEvent.class);
        } catch (JsonProcessingException e) {
            // Not the parser's message: it quotes the payload.
            Log.warnf("Skipping an execution.recorded message that is not JSON of the expected shape (partition %d, offset %d)",
                    record.partition(), record.offset());
            return Optional.empty();
        }
        Optional<ExecutionStatus> status = ExecutionStatus.parse(event.status());
        if (status.isEmpty() || !complete(event)) {
            Log.warnf("Skipping an incomplete or invalid execution.recorded message (partition %d, offset %d) for request %s",
                    record.partition(), record.offset(), shorten(event.requestId()));
            return Optional.empty();
        }
        String executionId = event.executionId() != null ? event.executionId()
                : ExecutionIds.of(event.flowId(), event.requestId());
        return Optional.of(new RecordedExecution(executionId, event, status.get()));
    }

    /** Present where the table needs a value, and fitting its columns (ids without U+0000, which text cannot hold). */
    private static boolean complete(ExecutionRecordedEvent event) {
        return (event.executionId() == null || !event.executionId().isEmpty() && event.executionId().length() <= 89
                && event.executionId().indexOf('\0') < 0)
                && event.requestId() != null && !event.requestId().isEmpty() && event.requestId().length() <= 64
                && event.flowId() != null && event.flowId().length() <= 24
                && event.workspace() != null && event.workspace().length() <= 255
                && (event.requestId() + event.flowId() + event.workspace()).indexOf('\0') < 0
                && event.receivedAt() != null && inRange(event.receivedAt())
                && (event.startedAt() == null || inRange(event.startedAt()))
                && (event.finishedAt() == null || inRange(event.finishedAt()));
    }

    private static boolean inRange(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

    private static String shorten(String requestId) {
        return requestId == null || requestId.length() <= 64 ? requestId : requestId.substring(0, 64) + "…";
    }

    /** True when the database refused the values (SQL state class 22, data exception, or 23, constraint). */
    private static boolean refusedData(Throwable e) {
        String state = sqlState(e);
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private static String sqlState(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    if (next.getSQLState() != null) {
                        return next.getSQLState();
                    }
                }
            }
        }
        return null;
    }
}
