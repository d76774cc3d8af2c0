package io.hookflow.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A local HTTP server answering canned responses by method and path, and keeping what it was sent. */
final class StubServer implements AutoCloseable {

    /** One answer: status, body (JSON unless it does not parse) and extra headers. */
    record Answer(int status, String body, Map<String, String> headers) {
        static Answer of(int status, String body) {
            return new Answer(status, body, Map.of());
        }
    }

    /** One request as received. */
    record Received(String method, String path, String query, String authorization, String body) {
    }

    private final HttpServer server;
    private final Map<String, Function<Received, Answer>> routes = new ConcurrentHashMap<>();
    final List<Received> received = new CopyOnWriteArrayList<>();

    StubServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code method path} (the path without its query) with {@code route}. */
    StubServer on(String method, String path, Function<Received, Answer> route) {
        routes.put(method + " " + path, route);
        return this;
    }

    StubServer on(String method, String path, int status, String body) {
        return on(method, path, request -> Answer.of(status, body));
    }

    List<Received> received(String method, String path) {
        return received.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Authorization"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        received.add(request);
        Function<Received, Answer> route = routes.get(request.method() + " " + request.path());
        Answer answer = route == null ? Answer.of(404, "{\"error\":\"No stub for this path\"}") : route.apply(request);
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        answer.headers().forEach(exchange.getResponseHeaders()::set);
        boolean noBody = body.length == 0 || request.method().equals("HEAD");
        exchange.sendResponseHeaders(answer.status(), noBody ? -1 : body.length);
        if (!noBody) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
