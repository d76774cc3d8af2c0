package io.hookflow.executor.service;

import io.hookflow.executor.ExecutionStatus;
import io.hookflow.executor.event.ExecutionRecordedEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class RunningRecordsTest {

    private final List<ExecutionRecordedEvent> sent = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> acknowledged = new CompletableFuture<>();

    private CompletableFuture<Void> send(ExecutionRecordedEvent event) {
        sent.add(event);
        return acknowledged;
    }

    @Test
    void executionThatEndsBeforeTheDelayWritesNoRunningRecord() {
        RunningRecords records = new RunningRecords(this::send, Duration.ofHours(1));
        RunningRecords.Pending pending = records.start(running("a"));

        CompletableFuture<Void> ended = pending.end();
        assertThat(ended).isCompleted();
        // the timer cannot send it any more
        pending.send();
        assertThat(sent).isEmpty();
        assertThat(pending.sent()).isFalse();
        records.close();
    }

    @Test
    void executionStillRunningAfterTheDelayWritesItOnceAndItsEndWaitsForTheAcknowledgement() throws Exception {
        CountDownLatch written = new CountDownLatch(1);
        RunningRecords records = new RunningRecords(event -> {
            CompletableFuture<Void> ack = send(event);
            written.countDown();
            return ack;
        }, Duration.ofMillis(1));
        RunningRecords.Pending pending = records.start(running("b"));

        assertThat(written.await(30, TimeUnit.SECONDS)).isTrue();
        pending.send();
        CompletableFuture<Void> ended = pending.end();
        assertThat(sent).extracting(ExecutionRecordedEvent::requestId).containsExactly("b");
        assertThat(ended).isNotDone();
        acknowledged.complete(null);
        assertThat(ended).isCompleted();
        records.close();
    }

    @Test
    void zeroDelayWritesTheRunningRecordAtTheStart() {
        RunningRecords records = new RunningRecords(this::send, Duration.ZERO);
        RunningRecords.Pending pending = records.start(running("c"));

        assertThat(sent).extracting(ExecutionRecordedEvent::status).containsExactly(ExecutionStatus.RUNNING);
        assertThat(pending.sent()).isTrue();
        assertThat(pending.end()).isSameAs(acknowledged);
        records.close();
    }

    private static ExecutionRecordedEvent running(String requestId) {
        Instant now = Instant.now();
        return new ExecutionRecordedEvent("flow-" + requestId, requestId, "flow", "demo", 1, ExecutionStatus.RUNNING,
                now, now, null, null, 1, null, List.of());
    }
}
