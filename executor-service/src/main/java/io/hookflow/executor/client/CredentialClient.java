package io.hookflow.executor.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.oidc.client.OidcClientException;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Fault-tolerant access to credential-service's internal API: fetches decrypted credential material for the flow
 * version (or draft) that uses it.
 */
@ApplicationScoped
public class CredentialClient {

    private final CredentialApi api;
    private final ObjectMapper mapper;

    CredentialClient(@RestClient CredentialApi api, ObjectMapper mapper) {
        this.api = api;
        this.mapper = mapper;
    }

    /**
     * The credential {@code id} with its config in clear, read for {@code scope}; a 4xx answer is not retried
     * (credential-service refuses, 403, a credential that flow version or draft does not use).
     */
    @Timeout(5000)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, abortOn = InternalCallRejectedException.class)
    @ExponentialBackoff
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000,
            skipOn = InternalCallRejectedException.class)
    public CredentialMaterial credential(String id, FlowScope scope) {
        try {
            return api.credential(id, scope.flowId(), scope.version(), scope.isDraft() ? Boolean.TRUE : null);
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
                // permanent: the version will not change its steps, and credential-service says why it refused
                throw new InternalCallRejectedException(status, "credential-service refused to hand out credential "
                        + id + " for " + scope.describe() + " (HTTP " + status + ")" + errorOf(e));
            }
            throw new ServiceUnavailableException("credential-service answered HTTP " + status);
        } catch (ProcessingException e) {
            throw new ServiceUnavailableException("credential-service could not be reached: " + e.getMessage(), e);
        } catch (OidcClientException e) {
            // no token to send (Keycloak unreachable once the cached one expired, or this service's secret refused)
            throw new ServiceUnavailableException("no service token for the call to credential-service: " + e.getMessage(), e);
        }
    }

    /** ": <the callee's error>" from its {@code {"error"}} body, or nothing when it has none. */
    private String errorOf(WebApplicationException e) {
        try {
            JsonNode reply = mapper.readTree(e.getResponse().readEntity(String.class));
            JsonNode error = reply == null ? null : reply.get("error");
            return error != null && error.isTextual() ? ": " + error.asText() : "";
        } catch (RuntimeException | java.io.IOException notJson) {
            // no readable body: the status alone has to do
            return "";
        }
    }
}
