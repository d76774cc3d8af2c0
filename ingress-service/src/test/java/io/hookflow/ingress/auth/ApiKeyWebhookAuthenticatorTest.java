package io.hookflow.ingress.auth;

import io.hookflow.ingress.WebhookCredential;
import org.junit.jupiter.api.Test;

import static io.hookflow.ingress.auth.Fixtures.credential;
import static io.hookflow.ingress.auth.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyWebhookAuthenticatorTest {

    private final ApiKeyWebhookAuthenticator authenticator = new ApiKeyWebhookAuthenticator();

    @Test
    void acceptsTheKeyInTheDefaultHeader() {
        WebhookCredential credential = credential("webhook-apikey", "{\"apiKey\":\"k-123\"}");
        assertThat(authenticator.authenticate(credential, request("{}", "X-API-Key", "k-123")).authenticated()).isTrue();
    }

    @Test
    void matchesTheCredentialsHeaderNameCaseInsensitively() {
        WebhookCredential credential = credential("webhook-apikey", "{\"headerName\":\"X-Partner-Key\",\"apiKey\":\"k\"}");
        assertThat(authenticator.authenticate(credential, request("{}", "x-partner-key", "k")).authenticated()).isTrue();
        assertThat(authenticator.authenticate(credential, request("{}", "X-PARTNER-KEY", "k")).authenticated()).isTrue();
        assertThat(authenticator.credentialHeaders(credential)).containsExactly("x-partner-key");
    }

    @Test
    void rejectsAMissingKeyNamingTheHeader() {
        WebhookCredential credential = credential("webhook-apikey", "{\"headerName\":\"x-partner-key\",\"apiKey\":\"k\"}");
        assertThat(authenticator.authenticate(credential, request("{}", "x-api-key", "k")).reason())
                .isEqualTo("Missing API key header x-partner-key");
        assertThat(authenticator.authenticate(credential, request("{}", "x-partner-key", "")).reason())
                .isEqualTo("Missing API key header x-partner-key");
    }

    @Test
    void rejectsAWrongKeyWithoutRevealingIt() {
        WebhookCredential credential = credential("webhook-apikey", "{\"apiKey\":\"k-123\"}");
        for (String wrong : new String[] {"k-124", "k-12", "k-1234", "K-123"}) {
            AuthResult result = authenticator.authenticate(credential, request("{}", "x-api-key", wrong));
            assertThat(result.authenticated()).as(wrong).isFalse();
            assertThat(result.reason()).isEqualTo("API key is wrong").doesNotContain("k-123");
        }
    }

    @Test
    void neverAcceptsWithACredentialWithoutKey() {
        WebhookCredential credential = credential("webhook-apikey", "{\"apiKey\":\"\"}");
        assertThat(authenticator.authenticate(credential, request("{}", "x-api-key", "anything")).authenticated()).isFalse();
    }
}
