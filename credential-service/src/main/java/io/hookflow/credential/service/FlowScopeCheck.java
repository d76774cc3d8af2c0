package io.hookflow.credential.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hookflow.credential.Credential;
import io.hookflow.credential.FlowScope;
import io.hookflow.credential.client.FlowClient;
import io.hookflow.credential.client.FlowCredentials;
import io.hookflow.credential.config.CredentialConfig;
import io.hookflow.platform.InternalCallerRefusedException;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * Whether the executor may read a credential for the flow it names: only when flow-service says that flow version (or
 * the draft, for a trial run) references the credential in a step and the flow is of the credential's workspace. A
 * published version never changes, so flow-service's answer about it is kept (bounded, least recently used first out);
 * a draft changes at any time, so it is asked about on each read.
 */
@ApplicationScoped
public class FlowScopeCheck {

    private final FlowClient flows;
    private final Cache<FlowScope, FlowCredentials> versions;

    FlowScopeCheck(FlowClient flows, CredentialConfig config) {
        this.flows = flows;
        this.versions = Caffeine.newBuilder().maximumSize(config.flowVersionCacheSize()).build();
    }

    /**
     * Returns when {@code scope} references {@code credential} in its workspace.
     *
     * @throws InternalCallerRefusedException  when it does not, or flow-service knows no such flow or version
     * @throws FlowServiceUnavailableException when flow-service cannot say
     */
    public void requireReferenced(Credential credential, FlowScope scope) {
        FlowCredentials answer = credentialsOf(credential.id, scope).orElseThrow(() ->
                refuse(credential, scope, "Flow " + scope.flowId() + (scope.isDraft() ? " does not exist"
                        : " has no version " + scope.version())));
        if (!answer.credentialIds().contains(credential.id)) {
            throw refuse(credential, scope, capitalised(scope.describe()) + " does not use credential "
                    + credential.id);
        }
        if (!answer.workspace().equals(credential.workspace)) {
            throw refuse(credential, scope, "Credential " + credential.id + " belongs to another workspace than flow "
                    + scope.flowId());
        }
    }

    private Optional<FlowCredentials> credentialsOf(String credentialId, FlowScope scope) {
        FlowCredentials cached = scope.isDraft() ? null : versions.getIfPresent(scope);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<FlowCredentials> answer;
        try {
            answer = flows.credentialsOf(scope);
        } catch (RuntimeException e) {
            Log.warnf("did not hand credential %s to the executor: flow-service could not say whether %s uses it (%s)",
                    credentialId, scope.describe(), e.getClass().getName());
            throw FlowServiceUnavailableException.notHandedOut(credentialId, scope);
        }
        // only what a version holds is kept: a version not found now may be published later
        if (!scope.isDraft()) {
            answer.ifPresent(found -> versions.put(scope, found));
        }
        return answer;
    }

    private static InternalCallerRefusedException refuse(Credential credential, FlowScope scope, String why) {
        Log.warnf("refused credential %s to the executor for %s: %s", credential.id, scope.describe(), why);
        return new InternalCallerRefusedException(why + "; the executor may read only the credentials of the flow"
                + " version (or draft) it names.");
    }

    private static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
