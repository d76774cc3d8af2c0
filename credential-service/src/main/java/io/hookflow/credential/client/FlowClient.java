package io.hookflow.credential.client;

import io.hookflow.credential.FlowScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Fault-tolerant questions to flow-service, which owns the flows: does an active flow use a credential, which
 * credentials does a flow version or draft reference?
 */
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

    /**
     * The workspace of {@code scope}'s flow and the credentials that version's (or the draft's) steps reference; empty
     * when flow-service knows no such flow or version. Throws when flow-service cannot be asked or gives no usable
     * answer: the caller must then hand nothing out.
     */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public Optional<FlowCredentials> credentialsOf(FlowScope scope) {
        FlowCredentials answer;
        try {
            answer = scope.isDraft() ? api.draftCredentials(scope.flowId())
                    : api.versionCredentials(scope.flowId(), scope.version());
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                // an answer, not a fault: neither retried nor counted by the circuit breaker
                return Optional.empty();
            }
            throw e;
        }
        if (answer == null || answer.workspace() == null || answer.credentialIds() == null) {
            throw new IllegalStateException("flow-service answered without a workspace or a credentialIds list");
        }
        return Optional.of(answer);
    }
}
