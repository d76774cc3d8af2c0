package io.hookflow.ingress.service;

import io.hookflow.ingress.config.IngressConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Caps the webhook body bytes this instance holds in memory at once ({@code ingress.max-body-bytes-in-flight}). A POST
 * reserves its body's size before the body is read (its Content-Length; the largest allowed body when it comes without
 * one, given back down to its real size once read) and keeps it until the call is answered and Kafka is done with its
 * event (acknowledged, failed, or dropped unsent after a timeout). A call that does not fit is answered 503 without its
 * body being kept. A body larger than the whole cap is still taken when nothing else is held, so that the cap never
 * refuses a body the size limit allows. Exposed as the gauge {@code hookflow_webhook_body_in_flight_bytes}.
 */
@Startup // its gauge is named from the first scrape
@ApplicationScoped
public class InFlightBodies {

    private final long capacity;
    private final AtomicLong held = new AtomicLong();

    @Inject
    public InFlightBodies(IngressConfig config, MeterRegistry registry) {
        this(config.maxBodyBytesInFlight().asLongValue(), registry);
    }

    /** For tests. */
    InFlightBodies(long capacity, MeterRegistry registry) {
        this.capacity = capacity;
        Gauge.builder("hookflow.webhook.body.in.flight", held, AtomicLong::get)
                .description("Webhook body bytes held in memory: read or being read, not yet answered or not yet sent to Kafka")
                .baseUnit("bytes")
                .register(registry);
    }

    /** Reserves {@code bytes}, or answers null when they do not fit under the cap now. */
    public Reservation reserve(long bytes) {
        long current;
        do {
            current = held.get();
            if (current + bytes > capacity && current > 0) {
                return null;
            }
        } while (!held.compareAndSet(current, current + bytes));
        return new Reservation(held, bytes);
    }

    /** Body bytes held now. */
    public long bytes() {
        return held.get();
    }

    /** The cap. */
    public long capacity() {
        return capacity;
    }

    /**
     * The bytes reserved for one call's body. They count while the call is not answered yet or its event is with the
     * producer; every method may be called more than once and from any thread.
     */
    public static final class Reservation {

        /** For calls that reserve nothing (GET, an empty body). */
        public static final Reservation NONE = new Reservation(new AtomicLong(), 0);

        private final AtomicLong held;
        private long bytes;
        private boolean answered;
        private boolean publishing;
        private boolean counted = true;

        private Reservation(AtomicLong held, long bytes) {
            this.held = held;
            this.bytes = bytes;
        }

        /** Gives back what was reserved beyond the body's real size (a body sent without Content-Length). */
        public void shrinkTo(long size) {
            long freed;
            synchronized (this) {
                if (size >= bytes) {
                    return;
                }
                freed = counted ? bytes - size : 0;
                bytes = size;
            }
            held.addAndGet(-freed);
        }

        /** The call was answered, or its connection closed. */
        public void answered() {
            update(true, null);
        }

        /** The call's event was handed to the producer: it holds a copy of the body until {@link #published()}. */
        public void publishing() {
            update(null, true);
        }

        /** The producer is done with the event: Kafka acknowledged or refused it, or it was dropped unsent. */
        public void published() {
            update(null, false);
        }

        private void update(Boolean nowAnswered, Boolean nowPublishing) {
            long change = 0;
            synchronized (this) {
                if (nowAnswered != null) {
                    answered = nowAnswered;
                }
                if (nowPublishing != null) {
                    publishing = nowPublishing;
                }
                boolean count = !answered || publishing;
                if (count != counted) {
                    counted = count;
                    change = count ? bytes : -bytes;
                }
            }
            if (change != 0) {
                held.addAndGet(change);
            }
        }
    }
}
