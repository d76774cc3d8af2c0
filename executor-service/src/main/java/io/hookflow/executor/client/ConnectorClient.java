package io.hookflow.executor.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.executor.config.ExecutorConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Connector calls (contract section 7), one try each: a 4xx other than 408 and 429 is an
 * {@link InternalCallRejectedException} (the input or credential is wrong); a 5xx, 408, 429, a timeout, an
 * unreachable connector or a broken answer is a {@link ServiceUnavailableException}, which the execution retries
 * durably (ExecutionService), never by holding a worker here.
 *
 * <p>Calls go through one Vert.x HTTP client with a keep-alive connection pool per connector of
 * {@code executor.connector-max-connections} connections (at least the number of executions running at once, so
 * that no call waits for a connection). The body is written and read as JSON bytes with the application's
 * ObjectMapper: a connector call is the executor's hottest path, and a JAX-RS client spent more CPU on entity
 * providers, filters and per-call reflection than on the call itself. The calling (worker) thread waits for the
 * answer; the I/O runs on a Vert.x event loop.
 */
@ApplicationScoped
public class ConnectorClient {

    private final ExecutorConfig config;
    private final ObjectMapper mapper;
    private final Vertx vertx;
    private final HttpClient http;
    private final long connectTimeoutMillis;
    private final long readTimeoutMillis;
    private final ConcurrentMap<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final ThreadLocal<Context> workerContexts = new ThreadLocal<>();

    ConnectorClient(ExecutorConfig config, ObjectMapper mapper, Vertx vertx) {
        this.config = config;
        this.mapper = mapper;
        this.vertx = vertx;
        this.connectTimeoutMillis = config.connectorConnectTimeout().toMillis();
        this.readTimeoutMillis = config.connectorReadTimeout().toMillis();
        this.http = vertx.createHttpClient(new HttpClientOptions()
                        .setKeepAlive(true)
                        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis))
                        .setName("connectors"),
                new PoolOptions().setHttp1MaxSize(config.connectorMaxConnections()));
    }

    @PreDestroy
    void close() {
        http.close();
    }

    /**
     * Runs {@code action} of connector {@code component} and answers the {@code output} of its reply.
     * The same {@code idempotencyKey} is sent on every try, so the connector can tell a retry from a new call.
     * Each try is bounded by the client's own timeouts (connect, then no answer for the read timeout), so no
     * {@code @Timeout} (and its timer task per call) is needed on top.
     */
    public JsonNode invoke(String component, String action, String idempotencyKey, ActionRequest request) {
        Endpoint endpoint = endpoint(component);
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The call of " + action + " could not be written as JSON", e);
        }
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(endpoint.host())
                .setPort(endpoint.port())
                .setSsl(endpoint.ssl())
                .setURI(endpoint.basePath() + "/actions/" + URLEncoder.encode(action, StandardCharsets.UTF_8)
                        .replace("+", "%20"))
                .setConnectTimeout(connectTimeoutMillis)
                .setIdleTimeout(readTimeoutMillis)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.ACCEPT, "application/json")
                .putHeader("Idempotency-Key", idempotencyKey);
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        Reply reply = await(component, action, send(options, Buffer.buffer(body), sent), sent);
        int status = reply.status();
        if (status >= 200 && status < 300) {
            return output(component, action, reply.body());
        }
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            throw new InternalCallRejectedException(status, "Connector " + component + " rejected " + action
                    + " (HTTP " + status + ")" + errorOf(reply.body()));
        }
        throw new ServiceUnavailableException("Connector " + component + " answered HTTP " + status + " to "
                + action + errorOf(reply.body()));
    }

    /**
     * Runs the whole exchange on an event-loop thread: on the caller's event-loop context when it has one (a worker
     * running a Kafka message carries the message's), else on a context of the client's own. It must not start on
     * the calling worker thread: the response's body handler would then be attached on that thread after the
     * event loop may already have delivered (and dropped) the body, and a 2xx would come back empty.
     */
    private CompletableFuture<Reply> send(RequestOptions options, Buffer body, AtomicReference<HttpClientRequest> sent) {
        Context current = Vertx.currentContext();
        Context context = current != null && current.isEventLoopContext() ? current : workerContext();
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        context.runOnContext(ignored -> exchange(options, body, sent).onComplete(result -> {
            if (result.succeeded()) {
                reply.complete(result.result());
            } else {
                reply.completeExceptionally(result.cause());
            }
        }));
        return reply;
    }

    private Future<Reply> exchange(RequestOptions options, Buffer body, AtomicReference<HttpClientRequest> sent) {
        return http.request(options)
                .compose(request -> {
                    sent.set(request);
                    return request.send(body);
                })
                .compose(response -> response.body().map(answer -> new Reply(response.statusCode(), answer)));
    }

    private Reply await(String component, String action, CompletableFuture<Reply> reply,
                        AtomicReference<HttpClientRequest> sent) {
        long limit = connectTimeoutMillis + readTimeoutMillis;
        try {
            // Vert.x fails the call after the connect or the read (idle) timeout; this also bounds a try that
            // keeps trickling bytes: never longer than connecting plus one read timeout
            return reply.get(limit, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("Interrupted while calling connector " + component + " for "
                    + action, e);
        } catch (TimeoutException e) {
            HttpClientRequest request = sent.get();
            if (request != null) {
                request.reset();
            }
            throw new ServiceUnavailableException("Connector " + component + " did not answer " + action + " within "
                    + limit + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ServiceUnavailableException("Connector " + component + " could not be reached for " + action
                    + ": " + messageOf(cause), cause);
        }
    }

    /**
     * The event-loop context of the calling worker thread, made once per thread: each worker's calls stay on one
     * event loop, and the workers spread over all of them.
     */
    private Context workerContext() {
        Context context = workerContexts.get();
        if (context == null) {
            // a thread of no Vert.x context gets a new event-loop context (the next event loop) from getOrCreateContext
            CompletableFuture<Context> created = new CompletableFuture<>();
            Thread thread = new Thread(() -> created.complete(vertx.getOrCreateContext()), "connector-client-context");
            thread.setDaemon(true);
            thread.start();
            context = created.join();
            workerContexts.set(context);
        }
        return context;
    }

    private Endpoint endpoint(String component) {
        ExecutorConfig.Connector connector = component == null ? null : config.connectors().get(component);
        if (connector == null) {
            throw new UnknownConnectorException("No connector is configured for component " + component);
        }
        return endpoints.computeIfAbsent(component, c -> Endpoint.of(connector.url()));
    }

    private JsonNode output(String component, String action, Buffer body) {
        if (body == null || body.length() == 0) {
            // the protocol's success is {"output": ...}: an empty answer is a broken exchange, not "no output";
            // tried again (same Idempotency-Key) rather than passing nothing on to the next step
            throw new ServiceUnavailableException("Connector " + component + " answered " + action
                    + " with an empty body");
        }
        try {
            JsonNode reply = mapper.readTree(body.getBytes());
            return reply != null && reply.has("output") ? reply.get("output") : null;
        } catch (java.io.IOException e) {
            throw new InternalCallRejectedException(200,
                    "Connector " + component + " answered " + action + " with a body that is not JSON");
        }
    }

    private String errorOf(Buffer body) {
        if (body == null || body.length() == 0) {
            return "";
        }
        try {
            JsonNode reply = mapper.readTree(body.getBytes());
            JsonNode error = reply == null ? null : reply.get("error");
            if (error != null && error.isTextual()) {
                return ": " + error.asText();
            }
        } catch (java.io.IOException ignored) {
            // not JSON: the status alone has to do
        }
        return "";
    }

    private static String messageOf(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private record Reply(int status, Buffer body) {
    }

    /** Where a connector answers, from its base URL ({@code http://host:port[/base/path]}). */
    private record Endpoint(String host, int port, boolean ssl, String basePath) {

        static Endpoint of(String url) {
            URI uri = URI.create(url);
            boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
            if (!ssl && !"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new UnknownConnectorException("The connector URL " + url + " is not an http(s) URL");
            }
            int port = uri.getPort() != -1 ? uri.getPort() : ssl ? 443 : 80;
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            return new Endpoint(uri.getHost(), port, ssl, path);
        }
    }
}
