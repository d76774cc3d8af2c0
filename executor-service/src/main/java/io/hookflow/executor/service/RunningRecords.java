package io.hookflow.executor.service;

import io.hookflow.executor.config.ExecutorConfig;
import io.hookflow.executor.event.ExecutionEventProducer;
import io.hookflow.executor.event.ExecutionRecordedEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Writes an execution's {@code running} record once the execution has run for
 * {@code executor.running-record-delay}. Most executions end well within it, and for them the final record is the
 * only one: half the records on {@code execution.recorded} and half of flow-service's writes, for a state nobody
 * could have seen. If the executor stops before the delay, the event is consumed again and its execution still
 * gets exactly one final record.
 */
@ApplicationScoped
public class RunningRecords {

    private static final CompletableFuture<Void> NOT_SENT = CompletableFuture.completedFuture(null);

    private final Function<ExecutionRecordedEvent, CompletableFuture<Void>> send;
    private final long delayMillis;
    private final ScheduledThreadPoolExecutor timer;

    @Inject
    RunningRecords(ExecutionEventProducer producer, ExecutorConfig config) {
        this(producer::record, config.runningRecordDelay());
    }

    /** {@code send} writes a record and answers its acknowledgement. */
    RunningRecords(Function<ExecutionRecordedEvent, CompletableFuture<Void>> send, Duration delay) {
        this.send = send;
        this.delayMillis = delay.toMillis();
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "running-records");
            thread.setDaemon(true);
            return thread;
        });
        // a cancelled timer (the usual case) leaves the queue at once instead of at its due time
        timer.setRemoveOnCancelPolicy(true);
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }

    /** Starts the clock of an execution whose running record is {@code running}. */
    public Pending start(ExecutionRecordedEvent running) {
        Pending pending = new Pending(running);
        if (delayMillis <= 0) {
            pending.send();
        } else {
            pending.timer = timer.schedule(pending::send, delayMillis, TimeUnit.MILLISECONDS);
        }
        return pending;
    }

    /** One execution's running record, not yet written, written, or never to be. */
    public final class Pending {

        private final ExecutionRecordedEvent running;
        private ScheduledFuture<?> timer;
        private CompletableFuture<Void> sent;
        private boolean ended;

        private Pending(ExecutionRecordedEvent running) {
            this.running = running;
        }

        synchronized void send() {
            if (!ended && sent == null) {
                sent = send.apply(running);
            }
        }

        /**
         * Called when the execution ends, before its final record is sent (so a running record that went out
         * is ahead of it on the partition): no running record is sent after this. Answers the running
         * record's acknowledgement, or a completed future when none was sent.
         */
        public synchronized CompletableFuture<Void> end() {
            ended = true;
            if (timer != null) {
                timer.cancel(false);
            }
            return sent == null ? NOT_SENT : sent;
        }

        /** Whether the running record was sent. */
        public synchronized boolean sent() {
            return sent != null;
        }
    }
}
