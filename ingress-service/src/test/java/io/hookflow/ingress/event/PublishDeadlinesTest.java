package io.hookflow.ingress.event;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class PublishDeadlinesTest {

    private static final long TIMEOUT = 10_000_000_000L;

    private final WebhookEventProducer.Deadlines deadlines = new WebhookEventProducer.Deadlines(TIMEOUT);

    @Test
    void failsAPublishNotAcknowledgedWithinTheTimeout() {
        CompletableFuture<Void> early = new CompletableFuture<>();
        CompletableFuture<Void> late = new CompletableFuture<>();
        deadlines.watch(early, 0);
        deadlines.watch(late, 5_000_000_000L);

        deadlines.sweep(TIMEOUT - 1);
        assertThat(early).isNotDone();

        deadlines.sweep(TIMEOUT);
        assertThat(early).isCompletedExceptionally();
        assertThat(failureOf(early)).isInstanceOf(TimeoutException.class);
        assertThat(late).as("its own deadline is later").isNotDone();

        late.complete(null);
        deadlines.sweep(TIMEOUT + 5_000_000_000L);
        assertThat(late).isCompleted().isNotCompletedExceptionally();
    }

    @Test
    void leavesAcknowledgedAndRefusedPublishesAsTheyAre() {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        CompletableFuture<Void> refused = new CompletableFuture<>();
        deadlines.watch(acknowledged, 0);
        deadlines.watch(refused, 0);
        acknowledged.complete(null);
        IllegalStateException failure = new IllegalStateException("record too large");
        refused.completeExceptionally(failure);

        deadlines.sweep(2 * TIMEOUT);
        assertThat(acknowledged).isCompleted().isNotCompletedExceptionally();
        assertThat(failureOf(refused)).isSameAs(failure);
    }

    private static Throwable failureOf(CompletableFuture<Void> future) {
        return future.handle((ignored, failure) -> failure).join();
    }
}
