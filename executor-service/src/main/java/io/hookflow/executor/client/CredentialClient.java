package io.hookflow.executor.client;

import io.quarkus.oidc.client.OidcClientException;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Fault-tolerant access to credential-service's internal API: fetches decrypted credential material. */
@ApplicationScoped
public class CredentialClient {

    private final CredentialApi api;
    CredentialClient(@RestClient CredentialApi api) {
        this.api = api;
    }

    /** The credential {@code id} with its config in clear; a 4xx answer is not retried. */
    @Timeout(5000)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, abortOn = InternalCallRejectedException.class)
    @ExponentialBackoff
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000,
            skipOn = InternalCallRejectedException.class)
    public CredentialMaterial credential(String id) {
        try {
            return api.credential(id);
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 404) {
                throw new InternalCallRejectedException(status, "Credential " + id + " does not exist");
            }
            if (status == 401) {
                // the callee refused this service's token (a secret or realm out of step): a matter of the platform,
                // not of this execution, so it is retried like an outage
                throw new ServiceUnavailableException("credential-service refused this service's identity (HTTP 401)");
            }
            if (status < 500) {
                throw new InternalCallRejectedException(status,
                        "credential-service refused to hand out credential " + id + " (HTTP " + status + ")");
            }
            throw new ServiceUnavailableException("credential-service answered HTTP " + status);
        } catch (ProcessingException e) {
            throw new ServiceUnavailableException("credential-service could not be reached: " + e.getMessage(), e);
        } catch (OidcClientException e) {
            // no token to send (Keycloak unreachable once the cached one expired, or this service's secret refused)
            throw new ServiceUnavailableException("no service token for the call to credential-service: " + e.getMessage(), e);
        }
    }
}
