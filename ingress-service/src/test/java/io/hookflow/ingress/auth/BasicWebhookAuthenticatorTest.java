package io.hookflow.ingress.auth;

import io.hookflow.ingress.WebhookCredential;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static io.hookflow.ingress.auth.Fixtures.credential;
import static io.hookflow.ingress.auth.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

class BasicWebhookAuthenticatorTest {

    private final BasicWebhookAuthenticator authenticator = new BasicWebhookAuthenticator();
    private final WebhookCredential credential =
            credential("webhook-basic", "{\"username\":\"gromit\",\"password\":\"p:ss wörd\"}");

    @Test
    void acceptsTheRightUsernameAndPassword() {
        assertThat(check("Basic " + basic("gromit:p:ss wörd")).authenticated()).isTrue();
        assertThat(check("basic " + basic("gromit:p:ss wörd")).authenticated()).as("scheme is case-insensitive").isTrue();
    }

    @Test
    void rejectsAWrongPasswordOrUsernameWithTheSameMessage() {
        for (String pair : new String[] {"gromit:wrong", "wallace:p:ss wörd", "gromit:p:ss wörd!", "gromit:", ":"}) {
            AuthResult result = check("Basic " + basic(pair));
            assertThat(result.authenticated()).as(pair).isFalse();
            assertThat(result.reason()).isEqualTo("Basic credentials are wrong");
        }
    }

    @Test
    void rejectsAMissingHeaderOrAnotherScheme() {
        assertThat(authenticator.authenticate(credential, request("{}")).reason())
                .isEqualTo("Missing Authorization header with Basic credentials");
        assertThat(check("Bearer abc").reason()).isEqualTo("Missing Authorization header with Basic credentials");
    }

    @Test
    void rejectsCredentialsThatAreNotBase64OfUsernameColonPassword() {
        assertThat(check("Basic !!!").reason()).isEqualTo("The Authorization header is not Basic base64(username:password)");
        assertThat(check("Basic " + basic("no-colon")).reason())
                .isEqualTo("The Authorization header is not Basic base64(username:password)");
    }

    @Test
    void everyRejectionCarriesTheBasicChallenge() {
        assertThat(authenticator.authenticate(credential, request("{}")).challengeHeaders())
                .containsEntry("WWW-Authenticate", "Basic realm=\"hookflow\"");
        assertThat(check("Basic " + basic("gromit:wrong")).challengeHeaders())
                .containsEntry("WWW-Authenticate", "Basic realm=\"hookflow\"");
        assertThat(authenticator.challengeHeaders()).containsEntry("WWW-Authenticate", "Basic realm=\"hookflow\"");
    }

    @Test
    void neverAcceptsWithACredentialMissingItsPassword() {
        WebhookCredential incomplete = credential("webhook-basic", "{\"username\":\"gromit\"}");
        AuthResult result = authenticator.authenticate(incomplete, request("{}", "Authorization", "Basic " + basic("gromit:")));
        assertThat(result.authenticated()).isFalse();
    }

    @Test
    void usesTheNewPasswordOnceTheCredentialIsFetchedAgain() {
        assertThat(check("Basic " + basic("gromit:p:ss wörd")).authenticated()).isTrue();
        WebhookCredential changed = credential("webhook-basic", "{\"username\":\"gromit\",\"password\":\"new\"}");
        assertThat(authenticator.authenticate(changed, request("{}", "Authorization", "Basic " + basic("gromit:new")))
                .authenticated()).isTrue();
        assertThat(authenticator.authenticate(changed, request("{}", "Authorization", "Basic " + basic("gromit:p:ss wörd")))
                .authenticated()).isFalse();
    }

    @Test
    void namesTheAuthorizationHeaderAsCarryingTheCredential() {
        assertThat(authenticator.credentialHeaders(credential)).containsExactly("authorization");
    }

    private AuthResult check(String authorization) {
        return authenticator.authenticate(credential, request("{}", "Authorization", authorization));
    }

    private static String basic(String pair) {
        return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
