package io.hookflow.platform;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Ready only while the OIDC provider's discovery document answers, since admin tokens cannot be checked
 * without it. Probed on each call rather than taken from the OIDC tenant's state, which only recovers on
 * the next request: a service that started before the provider becomes ready as soon as the provider is up.
 * With a configured public key tokens are verified locally and the provider is not needed. On in the services that
 * verify tokens ({@code hookflow.platform.oidc-readiness=true}, a build property); Quarkus's own OIDC check stays off
 * there ({@code quarkus.oidc.health.enabled=false}).
 */
@Readiness
@ApplicationScoped
@IfBuildProperty(name = "hookflow.platform.oidc-readiness", stringValue = "true")
public class OidcProviderHealthCheck implements HealthCheck {

    private static final String NAME = "OIDC provider";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Optional<String> authServerUrl;
    private final boolean localKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public OidcProviderHealthCheck(@ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> authServerUrl,
                                   @ConfigProperty(name = "quarkus.oidc.public-key") Optional<String> publicKey) {
        this.authServerUrl = authServerUrl;
        this.localKey = publicKey.isPresent();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        if (localKey) {
            return response.up().withData("verification", "configured public key").build();
        }
        if (authServerUrl.isEmpty()) {
            return response.down().withData("error", "quarkus.oidc.auth-server-url is not set").build();
        }
        String discovery = authServerUrl.get().replaceAll("/+$", "") + "/.well-known/openid-configuration";
        response.withData("url", discovery);
        try {
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(discovery)).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return answer.statusCode() == 200
                    ? response.up().build()
                    : response.down().withData("status", answer.statusCode()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.down().withData("error", "interrupted").build();
        } catch (Exception e) {
            return response.down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
