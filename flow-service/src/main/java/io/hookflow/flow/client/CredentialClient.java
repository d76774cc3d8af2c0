package io.hookflow.flow.client;

import io.hookflow.flow.config.InternalConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Fault-tolerant lookups of credential summaries, to check the credentials a flow refers to. */
@ApplicationScoped
public class CredentialClient {

    private final CredentialApi api;
    private final InternalConfig internal;

    CredentialClient(@RestClient CredentialApi api, InternalConfig internal) {
        this.api = api;
        this.internal = internal;
    }

    /** The credential, or empty when credential-service does not know it; throws when it cannot be asked. */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public Optional<CredentialSummary> find(String id) {
        try {
            return Optional.of(api.summary(id, internal.internalToken()));
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
