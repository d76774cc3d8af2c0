package io.hookflow.ingress.service;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeenWebhookIdsTest {

    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger publishes = new AtomicInteger();
    private final SeenWebhookIds seen = new SeenWebhookIds(Duration.ofMinutes(10), 3, now::get);

    @Test
    void answersAResendWithTheFirstOutcomeWithoutPublishingAgain() {
        assertThat(seen.earlier("a")).isNull();
        assertThat(seen.publishOnce("a", publish("a")).await().indefinitely()).isEqualTo("a");

        assertThat(seen.earlier("a").await().indefinitely()).isEqualTo("a");
        assertThat(seen.publishOnce("a", publish("a")).await().indefinitely()).isEqualTo("a");
        assertThat(publishes).hasValue(1);
    }

    @Test
    void concurrentResendsShareTheFirstPublish() {
        AtomicReference<UniEmitter<? super String>> pending = new AtomicReference<>();
        Uni<String> slow = Uni.createFrom().emitter(emitter -> {
            publishes.incrementAndGet();
            pending.set(emitter);
        });
        Uni<String> first = seen.publishOnce("a", slow);
        AtomicReference<String> firstAnswer = new AtomicReference<>();
        first.subscribe().with(firstAnswer::set);
        Uni<String> resend = seen.publishOnce("a", publish("a"));
        AtomicReference<String> resendAnswer = new AtomicReference<>();
        resend.subscribe().with(resendAnswer::set);
        assertThat(seen.earlier("a")).isNotNull();
        assertThat(resendAnswer.get()).as("still publishing").isNull();

        pending.get().complete("a");
        assertThat(firstAnswer.get()).isEqualTo("a");
        assertThat(resendAnswer.get()).isEqualTo("a");
        assertThat(publishes).hasValue(1);
    }

    @Test
    void aFailedPublishForgetsTheIdSoTheRetryIsPublished() {
        Uni<String> failing = Uni.createFrom().failure(() -> {
            publishes.incrementAndGet();
            return new IllegalStateException("broker down");
        });
        assertThatThrownBy(() -> seen.publishOnce("a", failing).await().indefinitely()).hasMessage("broker down");
        assertThat(seen.earlier("a")).isNull();

        assertThat(seen.publishOnce("a", publish("a")).await().indefinitely()).isEqualTo("a");
        assertThat(publishes).hasValue(2);
    }

    @Test
    void forgetsIdsAfterTheRetention() {
        seen.publishOnce("a", publish("a")).await().indefinitely();
        now.addAndGet(Duration.ofMinutes(10).toNanos());
        assertThat(seen.earlier("a")).as("exactly at the retention").isNotNull();
        now.addAndGet(1);
        assertThat(seen.earlier("a")).isNull();
        seen.publishOnce("a", publish("a")).await().indefinitely();
        assertThat(publishes).hasValue(2);
    }

    @Test
    void dropsExpiredIdsWhenNewOnesArrive() {
        seen.publishOnce("a", publish("a")).await().indefinitely();
        seen.publishOnce("b", publish("b")).await().indefinitely();
        now.addAndGet(Duration.ofMinutes(11).toNanos());
        seen.publishOnce("c", publish("c")).await().indefinitely();
        assertThat(seen.size()).isEqualTo(1);
    }

    @Test
    void forgetsTheOldestIdsBeyondTheCap() {
        for (String id : new String[] {"a", "b", "c", "d"}) {
            now.addAndGet(1);
            seen.publishOnce(id, publish(id)).await().indefinitely();
        }
        assertThat(seen.size()).isEqualTo(3);
        assertThat(seen.earlier("a")).isNull();
        assertThat(seen.earlier("b")).isNotNull();
        assertThat(seen.earlier("d")).isNotNull();
    }

    private Uni<String> publish(String requestId) {
        return Uni.createFrom().item(() -> {
            publishes.incrementAndGet();
            return requestId;
        });
    }
}
