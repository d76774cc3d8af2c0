package io.hookflow.petstore.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.hookflow.petstore.config.PetstoreConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;

/**
 * Calls the Petstore API without blocking and turns its failures into {@link PetstoreErrorException}
 * (an HTTP error answer) or {@link PetstoreUnreachableException} (no answer, including one that went quiet for
 * longer than {@code petstore.read-timeout}).
 * <p>
 * One Vert.x HTTP client with a keep-alive pool; bodies are written and read as JSON bytes with the application's
 * ObjectMapper. This is the connector's hottest path: a JAX-RS REST client spent more CPU on entity providers,
 * filters, per-call reflection and context propagation than on the call itself, and its fault-tolerance
 * {@code @Timeout} added a timer task and a thread hand-off per call. The connect and read timeouts bound every call.
 * <p>
 * No retry or circuit breaker here: the executor already retries failed steps, and stacking retries
 * would multiply the wait behind the contract's time limits.
 */
@ApplicationScoped
public class PetstoreClient {

    private static final int MAX_DETAIL_LENGTH = 200;
    private static final String JSON = "application/json";

    private final ObjectMapper objectMapper;
    private final ObjectReader petReader;
    private final ObjectReader userReader;
    private final ObjectWriter petRequestWriter;
    private final HttpClient http;
    private final String host;
    private final int port;
    private final boolean ssl;
    private final String basePath;
    private final long connectTimeoutMillis;
    private final long readTimeoutMillis;

    public PetstoreClient(PetstoreConfig config, ObjectMapper objectMapper, Vertx vertx) {
        this.objectMapper = objectMapper;
        this.petReader = objectMapper.readerFor(PetstorePet.class);
        this.userReader = objectMapper.readerFor(PetstoreUser.class);
        this.petRequestWriter = objectMapper.writerFor(PetstorePetRequest.class);
        URI url = URI.create(config.baseUrl());
        this.ssl = "https".equalsIgnoreCase(url.getScheme());
        if (!ssl && !"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("petstore.base-url must be an http(s) URL, not " + config.baseUrl());
        }
        this.host = url.getHost();
        this.port = url.getPort() != -1 ? url.getPort() : ssl ? 443 : 80;
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.connectTimeoutMillis = config.connectTimeout().toMillis();
        this.readTimeoutMillis = config.readTimeout().toMillis();
        this.http = vertx.createHttpClient(new HttpClientOptions()
                        .setName("petstore")
                        .setKeepAlive(true)
                        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis)),
                new PoolOptions().setHttp1MaxSize(config.maxConnections()));
    }

    @PreDestroy
    void close() {
        http.close();
    }

    /** {@code GET /v2/user/me}: whom the API key belongs to. */
    public Future<PetstoreUser> currentUser(String apiKey) {
        return call(request(HttpMethod.GET, "/v2/user/me", apiKey), null, userReader);
    }

    /** {@code POST /v2/pet}, with the {@code Idempotency-Key} when there is one. */
    public Future<PetstorePet> createPet(String apiKey, String idempotencyKey, PetstorePetRequest pet) {
        RequestOptions request = request(HttpMethod.POST, "/v2/pet", apiKey)
                .putHeader(HttpHeaders.CONTENT_TYPE, JSON);
        if (idempotencyKey != null) {
            request.putHeader("Idempotency-Key", idempotencyKey);
        }
        Buffer body;
        try {
            body = Buffer.buffer(petRequestWriter.writeValueAsBytes(pet));
        } catch (JsonProcessingException e) {
            return Future.failedFuture(new IllegalStateException("The pet could not be written as JSON", e));
        }
        return call(request, body, petReader);
    }

    private RequestOptions request(HttpMethod method, String path, String apiKey) {
        return new RequestOptions()
                .setMethod(method)
                .setHost(host)
                .setPort(port)
                .setSsl(ssl)
                .setURI(basePath + path)
                // getting a connection, new or from the pool, may take the connect timeout; then the answer may
                // go quiet for at most the read timeout
                .setConnectTimeout(connectTimeoutMillis)
                .setIdleTimeout(readTimeoutMillis)
                .putHeader(HttpHeaders.ACCEPT, JSON)
                .putHeader("api-key", apiKey);
    }

    private <T> Future<T> call(RequestOptions options, Buffer body, ObjectReader reader) {
        return http.request(options)
                .compose(request -> body == null ? request.send() : request.send(body))
                .compose(response -> response.body().map(answer -> new Answer(response.statusCode(), answer)))
                .recover(failure -> Future.failedFuture(new PetstoreUnreachableException(isTimeout(failure), failure)))
                .map(answer -> {
                    if (answer.status() < 200 || answer.status() >= 300) {
                        throw new PetstoreErrorException(answer.status(), detailOf(answer.body()));
                    }
                    return read(reader, answer.body());
                });
    }

    private static <T> T read(ObjectReader reader, Buffer body) {
        if (body.length() == 0) {
            return null;
        }
        try {
            return reader.readValue(body.getBytes());
        } catch (IOException e) {
            // an answer that cannot be read is as good as none: the executor may retry the step
            throw new PetstoreUnreachableException(false, e);
        }
    }

    /** The Petstore's {@code error} text (or its raw body), cut short; null when there is none. */
    private String detailOf(Buffer answer) {
        String body = answer.toString();
        if (body.isBlank()) {
            return null;
        }
        String detail = body;
        try {
            JsonNode json = objectMapper.readTree(body);
            if (json != null && json.path("error").isTextual()) {
                detail = json.get("error").asText();
            } else if (json != null && json.path("message").isTextual()) {
                detail = json.get("message").asText();
            }
        } catch (IOException notJson) {
            // keep the raw body
        }
        detail = detail.strip();
        return detail.length() > MAX_DETAIL_LENGTH ? detail.substring(0, MAX_DETAIL_LENGTH) + "…" : detail;
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().contains("Timeout") || t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /** The Petstore's answer: its status and its whole body. */
    private record Answer(int status, Buffer body) {
    }
}
