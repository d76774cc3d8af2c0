package io.hookflow.ingress.service;

import io.hookflow.ingress.FlowState;
import io.hookflow.ingress.WebhookCredential;
import io.hookflow.ingress.WebhookRequest;
import io.hookflow.ingress.auth.AuthResult;
import io.hookflow.ingress.auth.WebhookAuthenticator;
import io.hookflow.ingress.config.IngressConfig;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Authenticates a webhook call with the flow's webhook credential, dispatching on the credential type to
 * the matching {@link WebhookAuthenticator}. A missing credential, one of another workspace, or a type
 * without an authenticator is a 401, so nothing is let through by accident.
 */
@ApplicationScoped
public class WebhookAuthService {

    static final String UNAUTHENTICATED = "Authentication is missing or wrong";

    /**
     * A successful authentication: the headers that must not reach the event, and the verified {@code webhook-id}
     * of a Standard Webhooks call (null otherwise).
     */
    public record Authenticated(Set<String> credentialHeaders, String webhookId) {
    }

    private final CredentialCache credentials;
    private final Map<String, WebhookAuthenticator> authenticators = new HashMap<>();
    private final int retryAfterSeconds;

    public WebhookAuthService(CredentialCache credentials, Instance<WebhookAuthenticator> authenticators,
                              IngressConfig config) {
        this.credentials = credentials;
        authenticators.forEach(a -> {
            if (this.authenticators.putIfAbsent(a.type(), a) != null) {
                throw new IllegalStateException("Two webhook authenticators for type " + a.type());
            }
        });
        this.retryAfterSeconds = config.retryAfterSeconds();
    }

    /**
     * The common case without waiting: authenticates with the flow's credential when the cache holds it (the headers to
     * strip; throws a {@link WebhookRejection} 401), or null when the credential has to be fetched first
     * ({@link #authenticate}).
     */
    public Authenticated authenticateWithCached(FlowState flow, WebhookRequest request) {
        String credentialId = credentialIdOf(flow);
        Optional<WebhookCredential> cached = credentials.fresh(credentialId);
        return cached == null ? null : check(flow, cached, request);
    }

    /** Succeeds with the headers to strip, or fails with a {@link WebhookRejection} (401, or 503). */
    public CompletionStage<Authenticated> authenticate(FlowState flow, WebhookRequest request) {
        String credentialId;
        try {
            credentialId = credentialIdOf(flow);
        } catch (WebhookRejection rejection) {
            return CompletableFuture.failedFuture(rejection);
        }
        return credentials.get(credentialId)
                .onFailure().transform(failure -> {
                    Log.warnf("could not fetch webhook credential %s of flow %s: %s",
                            credentialId, flow.flowId(), failure.toString());
                    return WebhookRejection.unavailable(RefusalReason.CREDENTIALS_UNAVAILABLE,
                            "Webhook authentication is unavailable, please retry later", retryAfterSeconds, failure);
                })
                .map(credential -> check(flow, credential, request))
                .subscribeAsCompletionStage();
    }

    private static String credentialIdOf(FlowState flow) {
        String credentialId = flow.webhookCredentialId();
        if (credentialId == null || credentialId.isBlank()) {
            Log.debugf("flow %s has no webhook credential; rejecting", flow.flowId());
            throw unauthorized(AuthResult.rejected(UNAUTHENTICATED));
        }
        return credentialId;
    }

    private Authenticated check(FlowState flow, Optional<WebhookCredential> found, WebhookRequest request) {
        if (found.isEmpty()) {
            Log.debugf("webhook credential %s of flow %s is unknown", flow.webhookCredentialId(), flow.flowId());
            throw unauthorized(AuthResult.rejected(UNAUTHENTICATED));
        }
        WebhookCredential credential = found.get();
        WebhookAuthenticator authenticator = authenticators.get(credential.type());
        if (authenticator == null) {
            Log.debugf("no authenticator for credential type %s (flow %s)", credential.type(), flow.flowId());
            throw unauthorized(AuthResult.rejected(UNAUTHENTICATED));
        }
        if (flow.workspace() != null && !flow.workspace().equals(credential.workspace())) {
            Log.warnf("webhook credential %s is not in flow %s's workspace", credential.id(), flow.flowId());
            throw unauthorized(AuthResult.rejected(UNAUTHENTICATED, authenticator.challengeHeaders()));
        }
        AuthResult result = authenticator.authenticate(credential, request);
        if (!result.authenticated()) {
            Log.debugf("webhook for flow %s rejected: %s", flow.flowId(), result.reason());
            throw unauthorized(result);
        }
        return new Authenticated(authenticator.credentialHeaders(credential), result.webhookId());
    }

    private static WebhookRejection unauthorized(AuthResult result) {
        String reason = result.reason() == null ? UNAUTHENTICATED : result.reason();
        return new WebhookRejection(401, RefusalReason.UNAUTHENTICATED, reason, result.challengeHeaders(), null);
    }
}
