package io.hookflow.flow.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;

/**
 * {@code hookflow_flow_operations_total{operation,outcome}} (docs/metrics.md): the admin API calls that change
 * something, on flows, executions and dead letters (reads are left to {@code http_server_requests_seconds}). Both
 * labels come from fixed lists, so every counter is registered at startup and reads 0 until its first call.
 */
@Startup
@ApplicationScoped
public class FlowOperationMetrics {

    /** An admin API operation that changes something. */
    public enum Operation {
        CREATE, UPDATE, DELETE, PUBLISH, START, STOP,
        /** One failed execution queued again ({@code POST /api/v1/executions/{id}/retry}). */
        RETRY,
        /** A flow's failed executions queued again ({@code POST /api/v1/flows/{id}/executions/retry}). */
        BULK_RETRY,
        /** A dead letter sent again to {@code webhook.received}. */
        REPLAY
    }

    /** How an operation ended, from its answer's status. */
    public enum Outcome {
        /** 2xx: done or queued. */
        OK,
        /** 400, 405, 406, 413, 415 and other 4xx: the request is wrong. */
        INVALID,
        /** 401 or 403: no valid token, or a token without the role. */
        REFUSED,
        NOT_FOUND,
        /** 409: the resource's state forbids it (e.g. retrying an execution that did not fail). */
        CONFLICT,
        /** 503: a dependency (credential-service, a connector, the identity provider) did not answer. */
        UNAVAILABLE,
        /** Any other 5xx. */
        ERROR;

        public static Outcome of(int status) {
            if (status >= 200 && status < 300) {
                return OK;
            }
            return switch (status) {
                case 401, 403 -> REFUSED;
                case 404 -> NOT_FOUND;
                case 409 -> CONFLICT;
                case 503 -> UNAVAILABLE;
                default -> status >= 400 && status < 500 ? INVALID : ERROR;
            };
        }
    }

    private final Counter[][] counters = new Counter[Operation.values().length][Outcome.values().length];

    public FlowOperationMetrics(MeterRegistry registry) {
        for (Operation operation : Operation.values()) {
            for (Outcome outcome : Outcome.values()) {
                counters[operation.ordinal()][outcome.ordinal()] = Counter.builder("hookflow.flow.operations")
                        .description("Admin API calls that change flows, executions and dead letters, by operation "
                                + "and outcome")
                        .tag("operation", label(operation))
                        .tag("outcome", label(outcome))
                        .register(registry);
            }
        }
    }

    public void operated(Operation operation, int status) {
        counters[operation.ordinal()][Outcome.of(status).ordinal()].increment();
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
