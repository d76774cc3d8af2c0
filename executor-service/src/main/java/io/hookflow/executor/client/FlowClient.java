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

/** Fault-tolerant access to flow-service's internal API: loads published flow versions. */
@ApplicationScoped
public class FlowClient {

    private final FlowApi api;
    FlowClient(@RestClient FlowApi api) {
        this.api = api;
    }

    /** The definition of {@code version} of flow {@code flowId}; a 4xx answer is not retried. */
    @Timeout(5000)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, abortOn = InternalCallRejectedException.class)
    @ExponentialBackoff
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000,
            skipOn = InternalCallRejectedException.class)
    public FlowVersion version(String flowId, int version) {
        try {
            return api.version(flowId, version);
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 404) {
                throw new InternalCallRejectedException(status,
                        "Flow " + flowId + " has no published version " + version);
            }
            if (status == 401) {
                // the callee refused this service's token (a secret or realm out of step): a matter of the platform,
                // not of this execution, so it is retried like an outage
                throw new ServiceUnavailableException("flow-service refused this service's identity (HTTP 401)");
            }
            if (status < 500) {
                throw new InternalCallRejectedException(status,
                        "flow-service refused to load flow " + flowId + " version " + version + " (HTTP " + status + ")");
            }
            throw new ServiceUnavailableException("flow-service answered HTTP " + status);
        } catch (ProcessingException e) {
            throw new ServiceUnavailableException("flow-service could not be reached: " + e.getMessage(), e);
        } catch (OidcClientException e) {
            // no token to send (Keycloak unreachable once the cached one expired, or this service's secret refused)
            throw new ServiceUnavailableException("no service token for the call to flow-service: " + e.getMessage(), e);
        }
    }
}
