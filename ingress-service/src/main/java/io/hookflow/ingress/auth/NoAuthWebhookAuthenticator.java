package io.hookflow.ingress.auth;

import io.hookflow.ingress.WebhookCredential;
import io.hookflow.ingress.WebhookRequest;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code webhook-noauth}: anyone may call the webhook. */
@ApplicationScoped
public class NoAuthWebhookAuthenticator implements WebhookAuthenticator {

    public static final String TYPE = "webhook-noauth";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public AuthResult authenticate(WebhookCredential credential, WebhookRequest request) {
        return AuthResult.ok();
    }
}
