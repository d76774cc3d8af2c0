package io.hookflow.flow.client;

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
    CredentialClient(@RestClient CredentialApi api) {
        this.api = api;
    }

    /** The credential, or empty when credential-service does not know it; throws when it cannot be asked. */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public Optional<CredentialSummary> find(String id) {
        try {
            return Optional.of(api.summary(id));
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
