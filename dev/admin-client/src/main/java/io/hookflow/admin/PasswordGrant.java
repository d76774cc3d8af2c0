package io.hookflow.admin;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Access tokens for one user from Keycloak's password grant, reused until shortly before they expire.
 * A refusal names the user and the HTTP status, never the password.
 */
public final class PasswordGrant {

    /** The realm's public client for command-line use (dev/keycloak/hookflow-realm.json). */
    public static final String CLI_CLIENT = "hookflow-cli";

    private final HttpClient http;
    private final Clock clock;
    private final URI tokenEndpoint;
    private final String clientId;
    private final String user;
    private final String password;
    private String token;
    private Instant renewAt = Instant.MIN;

    /** {@code issuer} is the realm's URL, e.g. {@code http://localhost:8180/realms/hookflow}. */
    public PasswordGrant(String issuer, String clientId, String user, String password) {
        this(Http.CLIENT, Clock.systemUTC(), issuer, clientId, user, password);
    }

    PasswordGrant(HttpClient http, Clock clock, String issuer, String clientId, String user, String password) {
        this.http = http;
        this.clock = clock;
        this.tokenEndpoint = URI.create(issuer + "/protocol/openid-connect/token");
        this.clientId = clientId;
        this.user = user;
        this.password = password;
    }

    /** A user of the local realm through {@link #CLI_CLIENT}: each local user's password is its name. */
    public static PasswordGrant localUser(String issuer, String user) {
        return new PasswordGrant(issuer, CLI_CLIENT, user, user);
    }

    public String user() {
        return user;
    }

    /** The current token, fetched again once it is close to its expiry. */
    public synchronized String token() {
        if (token == null || !clock.instant().isBefore(renewAt)) {
            fetch();
        }
        return token;
    }

    private void fetch() {
        String form = "grant_type=password&client_id=" + enc(clientId) + "&username=" + enc(user)
                + "&password=" + enc(password);
        Instant fetchedAt = clock.instant();
        HttpResponse<String> response = Http.send(http, HttpRequest.newBuilder(tokenEndpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        JsonNode body = Http.parse(response.body());
        if (response.statusCode() != 200) {
            throw new AdminException("Keycloak refused a token for user '" + user + "' of client '" + clientId
                    + "' (HTTP " + response.statusCode() + reason(body) + ")");
        }
        String accessToken = body == null ? "" : body.path("access_token").asText();
        if (accessToken.isEmpty()) {
            throw new AdminException("Keycloak answered no access token for user '" + user + "' (HTTP 200)");
        }
        long lifetime = Math.max(1, body.path("expires_in").asLong(60));
        token = accessToken;
        // renew 30 s before the expiry, or half-way through a shorter life
        renewAt = fetchedAt.plusSeconds(lifetime - Math.min(30, lifetime / 2));
    }

    /** Keycloak's own reason (OAuth's error and error_description), with the password masked should it echo it. */
    private String reason(JsonNode body) {
        if (body == null || !body.has("error")) {
            return "";
        }
        String text = body.path("error_description").asText(body.path("error").asText());
        return ": " + (password.isEmpty() ? text : text.replace(password, "****"));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
