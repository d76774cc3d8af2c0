package io.hookflow.credential.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;

/**
 * credential-service's own counters (docs/metrics.md): {@code hookflow_credential_fetches_total{kind,outcome}} for the
 * internal fetch of credential material by ingress and executor, and {@code hookflow_credential_operations_total
 * {operation,outcome}} for the admin API. Every label value is fixed, so every counter is registered at startup and
 * kept in an array.
 */
@Startup
@ApplicationScoped
public class CredentialMetrics {

    /** What an internal fetch asked for: a credential's config (secrets decrypted), or only its summary. */
    public enum Fetch {
        CONFIG, SUMMARY
    }

    /** How an internal fetch ended. */
    public enum FetchOutcome {
        FOUND, NOT_FOUND, REFUSED, ERROR;

        /** From the answer's HTTP status: refused when the caller's service token was missing, wrong or not allowed. */
        public static FetchOutcome of(int status) {
            if (status >= 200 && status < 300) {
                return FOUND;
            }
            return switch (status) {
                case 404 -> NOT_FOUND;
                case 401, 403 -> REFUSED;
                default -> ERROR;
            };
        }
    }

    /** An admin API operation. */
    public enum Operation {
        CREATE, LIST, GET, UPDATE, DELETE, VERIFY
    }

    /** How an admin operation ended. */
    public enum OperationOutcome {
        /** Done (for verify: the credential was checked and verified). */
        SUCCESS,
        /** Verify answered, but the system refused the credential or could not be asked. */
        UNVERIFIED,
        INVALID, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND,
        /** Delete of a credential an active flow uses. */
        CONFLICT,
        /** flow-service could not say whether a credential is in use (delete answered 503). */
        UNAVAILABLE,
        ERROR;

        /** From the answer's HTTP status. */
        public static OperationOutcome of(int status) {
            if (status >= 200 && status < 300) {
                return SUCCESS;
            }
            return switch (status) {
                case 400, 405, 406, 415 -> INVALID;
                case 401 -> UNAUTHENTICATED;
                case 403 -> FORBIDDEN;
                case 404 -> NOT_FOUND;
                case 409 -> CONFLICT;
                case 503 -> UNAVAILABLE;
                default -> ERROR;
            };
        }
    }

    private final Counter[][] fetches = new Counter[Fetch.values().length][FetchOutcome.values().length];
    private final Counter[][] operations = new Counter[Operation.values().length][OperationOutcome.values().length];

    public CredentialMetrics(MeterRegistry registry) {
        for (Fetch kind : Fetch.values()) {
            for (FetchOutcome outcome : FetchOutcome.values()) {
                fetches[kind.ordinal()][outcome.ordinal()] = Counter.builder("hookflow.credential.fetches")
                        .description("Internal fetches of credential material (ingress, executor), by what was asked "
                                + "for and how it ended")
                        .tag("kind", label(kind))
                        .tag("outcome", label(outcome))
                        .register(registry);
            }
        }
        for (Operation operation : Operation.values()) {
            for (OperationOutcome outcome : OperationOutcome.values()) {
                if (outcome == OperationOutcome.UNVERIFIED && operation != Operation.VERIFY) {
                    continue;
                }
                operations[operation.ordinal()][outcome.ordinal()] = Counter.builder("hookflow.credential.operations")
                        .description("Admin API operations on credentials, by operation and outcome")
                        .tag("operation", label(operation))
                        .tag("outcome", label(outcome))
                        .register(registry);
            }
        }
    }

    public void fetched(Fetch kind, FetchOutcome outcome) {
        fetches[kind.ordinal()][outcome.ordinal()].increment();
    }

    public void operated(Operation operation, OperationOutcome outcome) {
        Counter counter = operations[operation.ordinal()][outcome.ordinal()];
        (counter != null ? counter : operations[operation.ordinal()][OperationOutcome.SUCCESS.ordinal()]).increment();
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
