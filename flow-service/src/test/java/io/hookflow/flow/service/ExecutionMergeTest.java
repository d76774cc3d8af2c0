package io.hookflow.flow.service;

import io.hookflow.flow.Execution;
import io.hookflow.flow.ExecutionAttempt;
import io.hookflow.flow.ExecutionStatus;
import io.hookflow.flow.repository.ExecutionRepository.StoredExecution;
import io.hookflow.flow.service.ExecutionMerge.Plan;
import io.hookflow.flow.service.ExecutionMerge.Report;
import io.hookflow.flow.service.ExecutionStats.Change;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.hookflow.flow.ExecutionStatus.FAILED;
import static io.hookflow.flow.ExecutionStatus.RETRYING;
import static io.hookflow.flow.ExecutionStatus.RUNNING;
import static io.hookflow.flow.ExecutionStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

class ExecutionMergeTest {

    private static final String FLOW = "65a1f0c2b3d4e5f601234567";
    private static final String ID = FLOW + "-0f8e";
    private static final Instant RECEIVED = Instant.parse("2026-11-28T20:40:03Z");

    @Test
    void insertsANewExecutionWithOneChangeFromNothing() {
        Plan plan = ExecutionMerge.plan(Map.of(), List.of(report(RUNNING, 1), report(SUCCEEDED, 1)));

        assertThat(plan.inserts()).singleElement().satisfies(row -> assertThat(row.status).isEqualTo(SUCCEEDED));
        assertThat(plan.updates()).isEmpty();
        assertThat(plan.attempts()).singleElement().satisfies(row -> assertThat(row.status).isEqualTo(SUCCEEDED));
        assertThat(plan.changes()).containsExactly(new Change(FLOW, RECEIVED, null, null, SUCCEEDED, 1000L));
    }

    @Test
    void keepsTheFirstEndOfAnAttemptWithinABatch() {
        Plan plan = ExecutionMerge.plan(Map.of(), List.of(report(SUCCEEDED, 1), report(FAILED, 1), report(RUNNING, 1)));

        assertThat(plan.inserts()).singleElement().satisfies(row -> assertThat(row.status).isEqualTo(SUCCEEDED));
        assertThat(plan.attempts()).singleElement().satisfies(row -> assertThat(row.status).isEqualTo(SUCCEEDED));
    }

    @Test
    void aHigherAttemptAlwaysAppliesALowerOneNeverAndEachAttemptGetsItsRow() {
        Plan plan = ExecutionMerge.plan(Map.of(ID, stored(SUCCEEDED, 1, SUCCEEDED)),
                List.of(report(RUNNING, 2), report(FAILED, 1)));

        assertThat(plan.updates()).singleElement().satisfies(row -> {
            assertThat(row.status).isEqualTo(RUNNING);
            assertThat(row.attempts).isEqualTo(2);
        });
        assertThat(plan.attempts()).extracting(row -> row.attempt).containsExactly(1, 2);
        assertThat(plan.changes()).containsExactly(new Change(FLOW, RECEIVED, SUCCEEDED, 1000L, RUNNING, null));
    }

    @Test
    void aSameAttemptReportAppliesOnlyWhileThatAttemptRuns() {
        assertThat(ExecutionMerge.plan(Map.of(ID, stored(RUNNING, 1, RUNNING)), List.of(report(FAILED, 1))).updates())
                .singleElement().satisfies(row -> assertThat(row.status).isEqualTo(FAILED));
        assertThat(ExecutionMerge.plan(Map.of(ID, stored(SUCCEEDED, 1, SUCCEEDED)), List.of(report(FAILED, 1))).updates())
                .isEmpty();
        assertThat(ExecutionMerge.plan(Map.of(ID, stored(RETRYING, 1, RETRYING)), List.of(report(RUNNING, 1))).updates())
                .isEmpty();
    }

    @Test
    void aManualRetryLetsOnlyTheNextAttemptMoveTheExecution() {
        // What a manual retry leaves: the execution retrying on attempt 1, whose row says it failed.
        Map<String, StoredExecution> stored = Map.of(ID, stored(RETRYING, 1, FAILED));

        assertThat(ExecutionMerge.plan(stored, List.of(report(FAILED, 1))).updates()).isEmpty();
        Plan next = ExecutionMerge.plan(stored, List.of(report(RUNNING, 2)));
        assertThat(next.updates()).singleElement().satisfies(row -> assertThat(row.attempts).isEqualTo(2));
        assertThat(next.changes()).containsExactly(new Change(FLOW, RECEIVED, RETRYING, null, RUNNING, null));
    }

    @Test
    void refusesAReportNamingAnotherFlowsOrWorkspacesExecution() {
        Report otherWorkspace = report(FAILED, 2);
        otherWorkspace.execution().workspace = "other";

        Plan plan = ExecutionMerge.plan(Map.of(ID, stored(SUCCEEDED, 1, SUCCEEDED)), List.of(otherWorkspace));

        assertThat(plan.foreign()).containsExactly(otherWorkspace);
        assertThat(plan.updates()).isEmpty();
        assertThat(plan.attempts()).isEmpty();
        assertThat(plan.changes()).isEmpty();
    }

    @Test
    void reportsNoChangeWhenStatusAndDurationStayTheSame() {
        Plan plan = ExecutionMerge.plan(Map.of(ID, stored(RUNNING, 1, RUNNING)), List.of(report(RUNNING, 1)));

        assertThat(plan.updates()).hasSize(1);
        assertThat(plan.changes()).isEmpty();
    }

    private static StoredExecution stored(ExecutionStatus status, int attempts, ExecutionStatus attemptStatus) {
        return new StoredExecution(ID, FLOW, "demo", status, attempts, RECEIVED,
                status.finished() ? 1000L : null, attemptStatus);
    }

    private static Report report(ExecutionStatus status, int attempt) {
        Execution execution = new Execution();
        execution.id = ID;
        execution.requestId = "0f8e";
        execution.flowId = FLOW;
        execution.workspace = "demo";
        execution.status = status;
        execution.receivedAt = RECEIVED;
        execution.finishedAt = status.finished() ? RECEIVED.plusSeconds(1) : null;
        execution.durationMs = status.finished() ? 1000L : null;
        execution.attempts = attempt;
        ExecutionAttempt row = new ExecutionAttempt();
        row.executionId = ID;
        row.attempt = attempt;
        row.status = status;
        row.steps = "[]";
        return new Report(execution, row);
    }
}
