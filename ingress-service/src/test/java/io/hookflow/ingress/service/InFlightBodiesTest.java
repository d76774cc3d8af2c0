package io.hookflow.ingress.service;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class InFlightBodiesTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InFlightBodies bodies = new InFlightBodies(100, registry);

    @Test
    void refusesABodyThatDoesNotFitUntilOthersAreAnswered() {
        InFlightBodies.Reservation first = bodies.reserve(60);
        InFlightBodies.Reservation second = bodies.reserve(40);
        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        assertThat(bodies.bytes()).isEqualTo(100);
        assertThat(bodies.reserve(1)).as("over the cap").isNull();
        assertThat(bodies.bytes()).as("a refusal holds nothing").isEqualTo(100);

        first.answered();
        assertThat(bodies.bytes()).isEqualTo(40);
        assertThat(bodies.reserve(60)).isNotNull();
        assertThat(bodies.bytes()).isEqualTo(100);
    }

    @Test
    void takesABodyLargerThanTheCapOnlyWhenNothingElseIsHeld() {
        InFlightBodies.Reservation small = bodies.reserve(1);
        assertThat(bodies.reserve(500)).isNull();
        small.answered();
        InFlightBodies.Reservation large = bodies.reserve(500);
        assertThat(large).as("alone, so that the cap never refuses a body the size limit allows").isNotNull();
        assertThat(bodies.reserve(1)).isNull();
        large.answered();
        assertThat(bodies.bytes()).isZero();
    }

    @Test
    void keepsTheBytesUntilKafkaIsDoneWithTheEventEvenAfterTheAnswer() {
        InFlightBodies.Reservation body = bodies.reserve(70);
        body.publishing();
        body.answered(); // e.g. 503 on the publish timeout while the event is still queued or in a batch
        assertThat(bodies.bytes()).isEqualTo(70);
        assertThat(bodies.reserve(40)).isNull();
        body.published();
        assertThat(bodies.bytes()).isZero();
    }

    @Test
    void keepsTheBytesUntilAnsweredWhenKafkaIsDoneFirst() {
        InFlightBodies.Reservation body = bodies.reserve(70);
        body.publishing();
        body.published();
        assertThat(bodies.bytes()).isEqualTo(70);
        body.answered();
        assertThat(bodies.bytes()).isZero();
    }

    @Test
    void countsAgainAPublishThatStartsAfterTheAnswer() {
        // The sender went away while the credential was being fetched, then the event is published all the same.
        InFlightBodies.Reservation body = bodies.reserve(30);
        body.answered();
        assertThat(bodies.bytes()).isZero();
        body.publishing();
        assertThat(bodies.bytes()).isEqualTo(30);
        body.published();
        assertThat(bodies.bytes()).isZero();
    }

    @Test
    void releasingTwiceGivesBackOnce() {
        InFlightBodies.Reservation body = bodies.reserve(30);
        InFlightBodies.Reservation other = bodies.reserve(20);
        body.answered();
        body.answered();
        body.published();
        assertThat(bodies.bytes()).isEqualTo(20);
        other.answered();
        assertThat(bodies.bytes()).isZero();
    }

    @Test
    void shrinksAChunkedBodysReservationToItsRealSize() {
        InFlightBodies.Reservation chunked = bodies.reserve(100);
        chunked.shrinkTo(10);
        assertThat(bodies.bytes()).isEqualTo(10);
        chunked.shrinkTo(50);
        assertThat(bodies.bytes()).as("never grows").isEqualTo(10);
        chunked.answered();
        assertThat(bodies.bytes()).isZero();
        chunked.shrinkTo(0);
        assertThat(bodies.bytes()).as("nothing to give back once released").isZero();
    }

    @Test
    void noneHoldsNothing() {
        InFlightBodies.Reservation.NONE.publishing();
        InFlightBodies.Reservation.NONE.answered();
        InFlightBodies.Reservation.NONE.published();
        assertThat(bodies.bytes()).isZero();
    }

    @Test
    void exposesTheBytesHeldAsAGauge() {
        bodies.reserve(42);
        assertThat(registry.get("hookflow.webhook.body.in.flight").gauge().value()).isEqualTo(42.0);
    }

    @Test
    void neverHoldsMoreThanTheCapUnderConcurrentCalls() throws Exception {
        InFlightBodies shared = new InFlightBodies(1000, registry);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Long>> workers = new ArrayList<>();
        try {
            for (int w = 0; w < 8; w++) {
                workers.add(pool.submit(() -> {
                    start.await();
                    long maxSeen = 0;
                    for (int i = 0; i < 20_000; i++) {
                        InFlightBodies.Reservation r = shared.reserve(100);
                        maxSeen = Math.max(maxSeen, shared.bytes());
                        if (r != null) {
                            r.publishing();
                            r.answered();
                            r.published();
                        }
                    }
                    return maxSeen;
                }));
            }
            start.countDown();
            for (Future<Long> worker : workers) {
                assertThat(worker.get(60, TimeUnit.SECONDS)).isLessThanOrEqualTo(1000);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(shared.bytes()).isZero();
    }
}
