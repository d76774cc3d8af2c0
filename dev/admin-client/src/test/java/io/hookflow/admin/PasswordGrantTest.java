package io.hookflow.admin;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordGrantTest {

    private static final String TOKEN_PATH = "/realms/hookflow/protocol/openid-connect/token";
    private static final String PASSWORD = "p4ss&word=s3cret";

    private final StubServer keycloak = new StubServer();
    private final MutableClock clock = new MutableClock();

    @AfterEach
    void stop() {
        keycloak.close();
    }

    private PasswordGrant grant(String clientId) {
        return new PasswordGrant(HttpClient.newHttpClient(), clock, keycloak.url() + "/realms/hookflow", clientId,
                "alice", PASSWORD);
    }

    @Test
    void fetchesATokenThroughThePasswordGrantOfTheGivenClient() {
        keycloak.on("POST", TOKEN_PATH, 200, "{\"access_token\":\"t1\",\"expires_in\":300}");

        assertThat(grant("hookflow-cli").token()).isEqualTo("t1");

        Map<String, String> form = form(keycloak.received("POST", TOKEN_PATH).get(0).body());
        assertThat(form).containsExactlyInAnyOrderEntriesOf(Map.of("grant_type", "password",
                "client_id", "hookflow-cli", "username", "alice", "password", PASSWORD));
    }

    @Test
    void reusesTheTokenUntilThirtySecondsBeforeItExpires() {
        PasswordGrant grant = grant("hookflow-cli");
        issueNumberedTokens(300);

        assertThat(grant.token()).isEqualTo("t1");
        clock.advance(Duration.ofSeconds(269));
        assertThat(grant.token()).isEqualTo("t1");
        assertThat(keycloak.received("POST", TOKEN_PATH)).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(grant.token()).isEqualTo("t2");
        assertThat(grant.token()).isEqualTo("t2");
        assertThat(keycloak.received("POST", TOKEN_PATH)).hasSize(2);
    }

    @Test
    void renewsAShortLivedTokenHalfWayThroughItsLife() {
        PasswordGrant grant = grant("hookflow-cli");
        issueNumberedTokens(20);

        assertThat(grant.token()).isEqualTo("t1");
        clock.advance(Duration.ofSeconds(9));
        assertThat(grant.token()).isEqualTo("t1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(grant.token()).isEqualTo("t2");
    }

    @Test
    void aRefusedTokenNamesTheUserTheClientAndTheStatusButNeverThePassword() {
        keycloak.on("POST", TOKEN_PATH, 401,
                "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid user credentials\"}");

        assertThatThrownBy(() -> grant("hookflow-cli").token())
                .isInstanceOf(AdminException.class)
                .hasMessage("Keycloak refused a token for user 'alice' of client 'hookflow-cli' (HTTP 401: "
                        + "Invalid user credentials)")
                .message().doesNotContain(PASSWORD);
    }

    @Test
    void aPasswordKeycloakEchoesInItsReasonIsMasked() {
        keycloak.on("POST", TOKEN_PATH, 400,
                "{\"error\":\"invalid_request\",\"error_description\":\"Bad password " + PASSWORD + "\"}");

        assertThatThrownBy(() -> grant("hookflow-cli").token())
                .hasMessageContaining("HTTP 400: Bad password ****")
                .message().doesNotContain(PASSWORD);
    }

    @Test
    void anUnreachableKeycloakNamesTheTokenEndpointButNotThePassword() {
        String issuer = keycloak.url() + "/realms/hookflow";
        keycloak.close();

        assertThatThrownBy(() -> new PasswordGrant(HttpClient.newHttpClient(), clock, issuer, "hookflow-cli", "alice",
                PASSWORD).token())
                .isInstanceOf(AdminException.class)
                .hasMessageStartingWith("POST " + issuer + "/protocol/openid-connect/token failed")
                .message().doesNotContain(PASSWORD);
    }

    @Test
    void aRefusalIsNotRememberedTheNextCallAsksAgain() {
        AtomicInteger calls = new AtomicInteger();
        keycloak.on("POST", TOKEN_PATH, request -> calls.incrementAndGet() == 1
                ? StubServer.Answer.of(503, "")
                : StubServer.Answer.of(200, "{\"access_token\":\"t2\",\"expires_in\":300}"));
        PasswordGrant grant = grant("hookflow-cli");

        assertThatThrownBy(grant::token).hasMessageContaining("(HTTP 503)");
        assertThat(grant.token()).isEqualTo("t2");
    }

    @Test
    void aLocalUsersPasswordIsItsNameThroughTheCliClient() {
        keycloak.on("POST", TOKEN_PATH, 200, "{\"access_token\":\"t1\",\"expires_in\":300}");

        PasswordGrant.localUser(keycloak.url() + "/realms/hookflow", "viewer").token();

        assertThat(form(keycloak.received("POST", TOKEN_PATH).get(0).body())).containsEntry("client_id", "hookflow-cli")
                .containsEntry("username", "viewer").containsEntry("password", "viewer");
    }

    /** Keycloak answers t1, t2, ... each living {@code expiresIn} seconds. */
    private void issueNumberedTokens(int expiresIn) {
        AtomicInteger issued = new AtomicInteger();
        keycloak.on("POST", TOKEN_PATH, request -> StubServer.Answer.of(200,
                "{\"access_token\":\"t" + issued.incrementAndGet() + "\",\"expires_in\":" + expiresIn + "}"));
    }

    private static Map<String, String> form(String body) {
        return Arrays.stream(body.split("&")).map(pair -> pair.split("=", 2)).collect(Collectors.toMap(
                pair -> URLDecoder.decode(pair[0], StandardCharsets.UTF_8),
                pair -> URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
