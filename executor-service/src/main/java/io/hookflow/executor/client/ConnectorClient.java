package io.hookflow.executor.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.executor.config.ExecutorConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Fault-tolerant connector calls (contract section 7): a 5xx, a timeout or an unreachable connector is
 * retried with exponential backoff, a 4xx fails at once.
 */
@ApplicationScoped
public class ConnectorClient {

    private final ExecutorConfig config;
    private final ObjectMapper mapper;
    private final String internalToken;
    private final ConcurrentMap<String, ConnectorApi> clients = new ConcurrentHashMap<>();

    ConnectorClient(ExecutorConfig config, ObjectMapper mapper,
                    @ConfigProperty(name = "hookflow.internal-token") String internalToken) {
        this.config = config;
        this.mapper = mapper;
        this.internalToken = internalToken;
    }

    /**
     * Runs {@code action} of connector {@code component} and answers the {@code output} of its reply.
     * The same {@code idempotencyKey} is sent on every try, so the connector can tell a retry from a new call.
     */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 250, jitter = 100,
            abortOn = {InternalCallRejectedException.class, UnknownConnectorException.class})
    @ExponentialBackoff
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10_000,
            skipOn = {InternalCallRejectedException.class, UnknownConnectorException.class})
    public JsonNode invoke(String component, String action, String idempotencyKey, ActionRequest request) {
        ConnectorApi api = client(component);
        try (Response response = api.invoke(action, idempotencyKey, internalToken, request)) {
            int status = response.getStatus();
            String body = response.hasEntity() ? response.readEntity(String.class) : null;
            if (status >= 200 && status < 300) {
                return output(component, action, body);
            }
            if (status >= 400 && status < 500) {
                throw new InternalCallRejectedException(status, "Connector " + component + " rejected " + action
                        + " (HTTP " + status + ")" + errorOf(body));
            }
            throw new ServiceUnavailableException("Connector " + component + " answered HTTP " + status + " to "
                    + action + errorOf(body));
        } catch (ProcessingException e) {
            throw new ServiceUnavailableException("Connector " + component + " could not be reached for " + action
                    + ": " + e.getMessage(), e);
        }
    }

    private ConnectorApi client(String component) {
        ExecutorConfig.Connector connector = component == null ? null : config.connectors().get(component);
        if (connector == null) {
            throw new UnknownConnectorException("No connector is configured for component " + component);
        }
        return clients.computeIfAbsent(component, c -> QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(connector.url()))
                .connectTimeout(config.connectorConnectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.connectorReadTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .disableDefaultMapper(true)
                .build(ConnectorApi.class));
    }

    private JsonNode output(String component, String action, String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode reply = mapper.readTree(body);
            return reply.has("output") ? reply.get("output") : null;
        } catch (JsonProcessingException e) {
            throw new InternalCallRejectedException(200,
                    "Connector " + component + " answered " + action + " with a body that is not JSON");
        }
    }

    private String errorOf(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode error = mapper.readTree(body).get("error");
            if (error != null && error.isTextual()) {
                return ": " + error.asText();
            }
        } catch (JsonProcessingException ignored) {
            // not JSON: the status alone has to do
        }
        return "";
    }
}
