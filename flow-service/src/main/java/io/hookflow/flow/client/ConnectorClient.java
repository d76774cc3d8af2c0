package io.hookflow.flow.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Fault-tolerant access to connectors' {@code GET /component}. Connectors get no platform token: the network
 * (Kubernetes NetworkPolicies) is what keeps others from calling them.
 *
 * <p>No {@code @CircuitBreaker} here: a breaker is per method, so one dead connector would open it for
 * every connector. The component catalogue's cache (which keeps serving a stale descriptor when a
 * refresh fails) is what shields callers from a slow or dead connector.
 */
@ApplicationScoped
public class ConnectorClient {

    private final Map<URI, ConnectorApi> clients = new ConcurrentHashMap<>();
    /** The connector's component descriptor as it sent it. */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    public JsonNode component(URI baseUrl) {
        return clients.computeIfAbsent(baseUrl, this::build).component();
    }

    private ConnectorApi build(URI baseUrl) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(baseUrl)
                .connectTimeout(2, TimeUnit.SECONDS)
                .readTimeout(4, TimeUnit.SECONDS)
                .build(ConnectorApi.class);
    }
}
