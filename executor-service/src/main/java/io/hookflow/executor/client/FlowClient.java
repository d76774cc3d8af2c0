package io.hookflow.executor.client;

import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Fault-tolerant access to flow-service's internal API: loads published flow versions. */
@ApplicationScoped
public class FlowClient {

    private final FlowApi api;
    private final String internalToken;

    FlowClient(@RestClient FlowApi api, @ConfigProperty(name = "hookflow.internal-token") String internalToken) {
        this.api = api;
        this.internalToken = internalToken;
    }

    /** The definition of {@code version} of flow {@code flowId}; a 4xx answer is not retried. */
    @Timeout(5000)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, abortOn = InternalCallRejectedException.class)
    @ExponentialBackoff
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000,
            skipOn = InternalCallRejectedException.class)
    public FlowVersion version(String flowId, int version) {
        try {
            return api.version(flowId, version, internalToken);
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 404) {
                throw new InternalCallRejectedException(status,
                        "Flow " + flowId + " has no published version " + version);
            }
            if (status < 500) {
                throw new InternalCallRejectedException(status,
                        "flow-service refused to load flow " + flowId + " version " + version + " (HTTP " + status + ")");
            }
            throw new ServiceUnavailableException("flow-service answered HTTP " + status);
        } catch (ProcessingException e) {
            throw new ServiceUnavailableException("flow-service could not be reached: " + e.getMessage(), e);
        }
    }
}
