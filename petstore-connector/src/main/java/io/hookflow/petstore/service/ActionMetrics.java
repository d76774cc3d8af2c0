package io.hookflow.petstore.service;

import io.hookflow.petstore.PetstoreComponent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code hookflow_connector_action_duration_seconds{component="petstore",function,outcome}}: every call of the
 * connector protocol's actions and verify, timed from the request read to its result; its {@code _count} counts the
 * calls.
 * Functions are fixed ({@code createPet}, {@code verify}, {@code unknown} for an action that does not exist), so every
 * timer is registered at startup and kept in an array.
 */
@Startup
@ApplicationScoped
public class ActionMetrics {

    /** 13 fixed bounds, as in the executor's connector-call histogram, so the two sides compare bucket by bucket. */
    private static final Duration[] BUCKETS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000,
            60000).map(Duration::ofMillis).toArray(Duration[]::new);

    /** The function a call ran. */
    public enum Function {
        CREATE_PET(PetstoreComponent.CREATE_PET), VERIFY("verify"), UNKNOWN("unknown");

        private final String label;

        Function(String label) {
            this.label = label;
        }
    }

    /** How a call ended. */
    public enum Outcome {
        /** Done: the pet was created, or the key verified. */
        SUCCESS,
        /** The request or the step's input is wrong (400, or an action that does not exist). */
        INVALID,
        /** The Petstore refused it (422), or did not verify the key: retrying the same will not help. */
        REJECTED,
        /** The Petstore failed or did not answer (502): the caller may retry. */
        UNAVAILABLE,
        /** Anything else: a bug. */
        ERROR;

        static Outcome of(Throwable failure) {
            if (failure == null) {
                return SUCCESS;
            }
            if (failure instanceof ConnectorException e) {
                return switch (e.status()) {
                    case 400, 404 -> INVALID;
                    case 422 -> REJECTED;
                    case 502 -> UNAVAILABLE;
                    default -> ERROR;
                };
            }
            return ERROR;
        }
    }

    private final Timer[][] timers = new Timer[Function.values().length][Outcome.values().length];

    public ActionMetrics(MeterRegistry registry) {
        for (Function function : Function.values()) {
            for (Outcome outcome : Outcome.values()) {
                timers[function.ordinal()][outcome.ordinal()] = Timer.builder("hookflow.connector.action.duration")
                        .description("Connector calls (actions and verify), from the request read to its result, "
                                + "by outcome")
                        .tag("component", PetstoreComponent.DESCRIPTOR.id())
                        .tag("function", function.label)
                        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                        .serviceLevelObjectives(BUCKETS)
                        .register(registry);
            }
        }
    }

    /** Records one call of {@code function} begun at {@code startNanos} that ended with {@code failure} (or not). */
    public void record(Function function, Throwable failure, long startNanos) {
        record(function, Outcome.of(failure), startNanos);
    }

    public void record(Function function, Outcome outcome, long startNanos) {
        timers[function.ordinal()][outcome.ordinal()].record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
