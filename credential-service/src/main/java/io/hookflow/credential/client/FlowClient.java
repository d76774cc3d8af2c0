package io.hookflow.credential.client;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;
import java.util.List;

/** Fault-tolerant questions to flow-service, which owns the flows: does an active flow use a credential? */
@ApplicationScoped
public class FlowClient {

    private final FlowApi api;
    FlowClient(@RestClient FlowApi api) {
        this.api = api;
    }

    /**
     * The active flows of {@code workspace} whose live version uses the credential, empty when none. Throws
     * when flow-service cannot be asked or gives no usable answer: the caller must then assume the worst.
     */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public List<FlowsUsingCredential.ActiveFlow> activeFlowsUsing(String credentialId, String workspace) {
        FlowsUsingCredential answer = api.usingCredential(credentialId, workspace);
        if (answer == null || answer.activeFlows() == null) {
            throw new IllegalStateException("flow-service answered without an activeFlows list");
        }
        return answer.activeFlows();
    }
}
