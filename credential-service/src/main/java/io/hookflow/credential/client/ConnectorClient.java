package io.hookflow.credential.client;

import io.hookflow.credential.config.CredentialConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Fault-tolerant calls to connectors. The base URL comes from {@code credential.connectors.<type>}, so
 * clients are built per URL and kept. The whole call is cut off after {@code credential.verify-timeout-seconds}
 * (default 25; application.properties hands the same value to the {@code @Timeout} below), and there is
 * deliberately no {@code @Retry}: the admin API promises a verify answer within 30 s and one attempt may
 * already take 25 s. Created at startup so an out-of-range timeout stops the service.
 */
@Startup
@ApplicationScoped
public class ConnectorClient {

    /** The most the verify timeout may be: what is left of the 30 s promise for the service's own work. */
    public static final int MAX_TIMEOUT_SECONDS = 25;
    private static final int MAX_CONNECT_SECONDS = 5;
    // the HTTP client's own read timeout only backs up @Timeout, which ends the call first
    private static final int READ_TIMEOUT_MARGIN_SECONDS = 5;

    private final Map<String, ConnectorApi> clients = new ConcurrentHashMap<>();
    private final int timeoutSeconds;

    ConnectorClient(CredentialConfig config) {
        this.timeoutSeconds = config.verifyTimeoutSeconds();
        if (timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
            throw new IllegalStateException("credential.verify-timeout-seconds (env CREDENTIAL_VERIFY_TIMEOUT_SECONDS)"
                    + " must be between 1 and " + MAX_TIMEOUT_SECONDS + " so that verify answers within 30 s, but it is "
                    + timeoutSeconds);
        }
    }

    /** How long one verify call may take in all, in seconds. */
    public int timeoutSeconds() {
        return timeoutSeconds;
    }

    /**
     * Asks the connector at {@code baseUrl} whether {@code credentials} work. Throws on timeout, on a
     * connection failure, on an error status and while the circuit is open; the caller turns that into
     * an unverified answer.
     */
    // the value is a fallback only: quarkus.fault-tolerance."...ConnectorClient/verify".timeout.value sets it
    @Timeout(value = MAX_TIMEOUT_SECONDS, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public ConnectorVerifyResponse verify(String baseUrl, Map<String, Object> credentials) {
        return client(baseUrl).verify(new ConnectorVerifyRequest(credentials));
    }

    private ConnectorApi client(String baseUrl) {
        return clients.computeIfAbsent(baseUrl, url -> QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(url))
                .connectTimeout(Math.min(MAX_CONNECT_SECONDS, timeoutSeconds), TimeUnit.SECONDS)
                .readTimeout(timeoutSeconds + READ_TIMEOUT_MARGIN_SECONDS, TimeUnit.SECONDS)
                .build(ConnectorApi.class));
    }
}
