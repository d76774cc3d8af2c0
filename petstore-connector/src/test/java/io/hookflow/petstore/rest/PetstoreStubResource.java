package io.hookflow.petstore.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP Petstore for the tests, emulating the demo Petstore API ({@code dev/petstore-api}):
 * {@code GET /v2/user/me}, {@code POST /v2/pet} with Idempotency-Key dedupe, {@code GET /v2/pet}.
 * The {@code api-key} picks the behaviour: {@value #KEY} is accepted, {@value #BOOM_KEY} gets a 500,
 * {@value #SLOW_KEY} gets its answer only after a few seconds, {@value #GARBAGE_KEY} a 200 whose body is not JSON,
 * anything else a 401. A pet name starting with {@code !} gets a 400, standing for a rule only the Petstore knows;
 * a {@code POST} that is not {@code application/json} gets a 415, as from the real one. {@code GET /v2/pet} also shows
 * the Idempotency-Key each pet was created with, so the tests can see what the connector forwarded.
 */
public class PetstoreStubResource implements QuarkusTestResourceLifecycleManager {

    static final String KEY = "secret";
    static final String BOOM_KEY = "boom";
    static final String SLOW_KEY = "slow";
    static final String GARBAGE_KEY = "garbage";

    private static final List<String> STATUSES = List.of("available", "pending", "sold");

    private final ObjectMapper json = new ObjectMapper();
    private final Map<Long, Map<String, Object>> pets = new ConcurrentHashMap<>();
    private final Map<String, Long> petIdsByKey = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final CountDownLatch never = new CountDownLatch(1);
    private HttpServer server;
    private ExecutorService executor;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the Petstore stub", e);
        }
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/v2/", this::handle);
        server.start();
        String url = "http://localhost:" + server.getAddress().getPort();
        return Map.of("petstore.base-url", url);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String apiKey = exchange.getRequestHeaders().getFirst("api-key");
            if (BOOM_KEY.equals(apiKey)) {
                send(exchange, 500, Map.of("error", "The Petstore broke"));
                return;
            }
            if (GARBAGE_KEY.equals(apiKey)) {
                sendRaw(exchange, 200, "text/html", "<html>Pet shop closed</html>".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (SLOW_KEY.equals(apiKey)) {
                awaitQuietly();
            } else if (!KEY.equals(apiKey)) {
                send(exchange, 401, Map.of("error", "The API key is not valid"));
                return;
            }
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if ("GET".equals(method) && "/v2/user/me".equals(path)) {
                send(exchange, 200, Map.of("username", "demo"));
            } else if ("POST".equals(method) && "/v2/pet".equals(path)) {
                createPet(exchange);
            } else if ("GET".equals(method) && "/v2/pet".equals(path)) {
                send(exchange, 200, new ArrayList<>(pets.values()));
            } else {
                send(exchange, 404, Map.of("error", "Nothing lives at " + path));
            }
        }
    }

    private void createPet(HttpExchange exchange) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.startsWith("application/json")) {
            send(exchange, 415, Map.of("error", "The body must be application/json"));
            return;
        }
        JsonNode body;
        try {
            body = json.readTree(exchange.getRequestBody());
        } catch (IOException e) {
            send(exchange, 400, Map.of("error", "The request body is not valid JSON"));
            return;
        }
        String name = body.path("name").asText("");
        String status = body.path("status").asText("available");
        if (name.isBlank()) {
            send(exchange, 400, Map.of("error", "Field 'name' is required"));
        } else if (name.startsWith("!")) {
            send(exchange, 400, Map.of("error", "Field 'name' must not start with '!'"));
        } else if (!STATUSES.contains(status)) {
            send(exchange, 400, Map.of("error", "Field 'status' must be one of available, pending, sold"));
        } else {
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            long id = key == null ? insert(name, status, null)
                    : petIdsByKey.computeIfAbsent(key, k -> insert(name, status, k));
            Map<String, Object> pet = new LinkedHashMap<>(pets.get(id));
            pet.remove("idempotencyKey");
            send(exchange, 200, pet);
        }
    }

    private long insert(String name, String status, String idempotencyKey) {
        long id = nextId.getAndIncrement();
        Map<String, Object> pet = new LinkedHashMap<>();
        pet.put("id", id);
        pet.put("name", name);
        pet.put("status", status);
        pet.put("idempotencyKey", idempotencyKey);
        pets.put(id, pet);
        return id;
    }

    // Stands for a Petstore that takes longer than the connector's time limit (shortened in %test).
    private void awaitQuietly() {
        try {
            never.await(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        sendRaw(exchange, status, "application/json", json.writeValueAsBytes(body));
    }

    private static void sendRaw(HttpExchange exchange, int status, String contentType, byte[] bytes)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
