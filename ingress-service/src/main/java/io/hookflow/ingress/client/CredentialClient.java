package io.hookflow.ingress.client;

import io.hookflow.ingress.WebhookCredential;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Fetches decrypted webhook credentials from credential-service; an unknown id is an empty result. */
@ApplicationScoped
public class CredentialClient {

    private final CredentialServiceApi api;
    public CredentialClient(@RestClient CredentialServiceApi api) {
        this.api = api;
    }

    /** The credential with this id, or empty when credential-service does not know it. */
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS)
    public Uni<Optional<WebhookCredential>> fetch(String id) {
        return api.get(id)
                .map(Optional::ofNullable)
                .onFailure(CredentialClient::isNotFound).recoverWithItem(Optional.empty());
    }

    private static boolean isNotFound(Throwable failure) {
        return failure instanceof WebApplicationException wae
                && wae.getResponse() != null && wae.getResponse().getStatus() == 404;
    }
}
