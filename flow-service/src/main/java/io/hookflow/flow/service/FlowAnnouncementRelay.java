package io.hookflow.flow.service;

import io.hookflow.flow.config.FlowConfig;
import io.hookflow.flow.repository.FlowAnnouncementRepository.MarkedPage;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The background side of {@code flow.changed}. The relay announces the flows that are still marked: a change whose
 * request could not announce it (Kafka down, the instance stopped between commit and send), and every flow the
 * re-announcement marks, once at startup and every {@code flow.events.reannounce-interval}, so that a lost message,
 * a compacted-away one or a Kafka that lost its data heals without anyone touching a flow. Several instances may
 * run both at once: the flows' row locks keep each flow's messages in order.
 */
@ApplicationScoped
public class FlowAnnouncementRelay {

    /** The longest wait between two attempts while Kafka refuses flow.changed. */
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final FlowAnnouncer announcer;
    private final FlowConfig config;
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private volatile ScheduledExecutorService relay;
    private volatile ScheduledExecutorService reannouncer;
    /** Failed attempts in a row, and when the next may start; touched by the relay's thread only. */
    private int failures;
    private long retryAtNanos;

    public FlowAnnouncementRelay(FlowAnnouncer announcer, FlowConfig config) {
        this.announcer = announcer;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        long relayEvery = config.events().relayInterval().toMillis();
        long reannounceEvery = config.events().reannounceInterval().toMillis();
        relay = Executors.newSingleThreadScheduledExecutor(daemon("flow-announcement-relay"));
        relay.scheduleWithFixedDelay(this::drain, relayEvery, relayEvery, TimeUnit.MILLISECONDS);
        reannouncer = Executors.newSingleThreadScheduledExecutor(daemon("flow-reannouncement"));
        reannouncer.scheduleWithFixedDelay(this::reannounceQuietly, 0, reannounceEvery, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        for (ScheduledExecutorService executor : new ScheduledExecutorService[] {reannouncer, relay}) {
            if (executor != null) {
                // An interrupted send rolls back: its flows stay marked for the next start or another instance.
                executor.shutdownNow();
                try {
                    executor.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Makes the relay look for marked flows now rather than at its next round. */
    public void signal() {
        ScheduledExecutorService executor = relay;
        if (executor != null && drainQueued.compareAndSet(false, true)) {
            executor.execute(() -> {
                drainQueued.set(false);
                drain();
            });
        }
    }

    /**
     * Marks every flow, a page at a time, for the relay to announce its committed state again; the relay sends them
     * in pages too.
     *
     * @return how many flows were marked
     */
    public long reannounceAll() {
        int size = config.events().pageSize();
        long marked = 0;
        String after = "";
        Optional<MarkedPage> page;
        while ((page = announcer.markPage(after, size)).isPresent()) {
            marked += page.get().flows();
            after = page.get().lastId();
            signal();
        }
        return marked;
    }

    private void reannounceQuietly() {
        try {
            long marked = reannounceAll();
            Log.infof("Announcing the state of all %d flows again", marked);
        } catch (RuntimeException e) {
            Log.warnf("Marking the flows to announce them again failed (%s); trying again in %s", e.getMessage(),
                    config.events().reannounceInterval());
        }
    }

    private void drain() {
        if (failures > 0 && System.nanoTime() - retryAtNanos < 0) {
            return;
        }
        int limit = config.events().pageSize();
        try {
            while (announcer.announceMarked(limit) == limit) {
                // a full page: there may be more
            }
            failures = 0;
        } catch (DependencyUnavailableException e) {
            // Logged by the announcer; the flows stay marked. Back off so that a broker refusing every write at once
            // is not asked (and its refusals logged) every round.
            failures++;
            Duration backoff = config.events().relayInterval().multipliedBy(1L << Math.min(failures - 1, 10));
            retryAtNanos = System.nanoTime() + (backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff).toNanos();
        } catch (RuntimeException e) {
            Log.warnf("Announcing the marked flows failed (%s); trying again in %s", e.getMessage(),
                    config.events().relayInterval());
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
