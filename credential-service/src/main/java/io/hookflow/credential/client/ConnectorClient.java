package io.hookflow.credential.client;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Fault-tolerant calls to connectors. The base URL comes from {@code credential.connectors.<type>}, so
 * clients are built per URL and kept. There is deliberately no {@code @Retry}: the admin API promises a
 * verify answer within 30 s and one attempt already may take 25 s.
 */
@ApplicationScoped
public class ConnectorClient {

    /** How long one verify call may take. */
    public static final long TIMEOUT_SECONDS = 25;

    private final Map<String, ConnectorApi> clients = new ConcurrentHashMap<>();
    private final String internalToken;

    ConnectorClient(@ConfigProperty(name = "hookflow.internal-token") String internalToken) {
        this.internalToken = internalToken;
    }

    /**
     * Asks the connector at {@code baseUrl} whether {@code credentials} work. Throws on timeout, on a
     * connection failure, on an error status and while the circuit is open; the caller turns that into
     * an unverified answer.
     */
    @Timeout(value = TIMEOUT_SECONDS, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public ConnectorVerifyResponse verify(String baseUrl, Map<String, Object> credentials) {
        return client(baseUrl).verify(internalToken, new ConnectorVerifyRequest(credentials));
    }

    private ConnectorApi client(String baseUrl) {
        return clients.computeIfAbsent(baseUrl, url -> QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(url))
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .build(ConnectorApi.class));
    }
}
