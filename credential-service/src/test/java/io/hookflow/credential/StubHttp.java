package io.hookflow.credential;

import io.hookflow.testsupport.ServiceTokens;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real loopback HTTP stand-in for another service that a test can take down (connections refused) and
 * bring back on the same port, through a second, always-up control server: {@code POST /down}, {@code POST /up}.
 */
final class StubHttp {

    private final Map<String, HttpHandler> service;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpServer control;
    private HttpServer server;
    private int port;

    StubHttp(Map<String, HttpHandler> service, Map<String, HttpHandler> control) {
        this.service = service;
        this.control = bind(0);
        this.control.setExecutor(executor);
        control.forEach(this.control::createContext);
        this.control.createContext("/down", exchange -> {
            down();
            respondJson(exchange, 200, "{}");
        });
        this.control.createContext("/up", exchange -> {
            up();
            respondJson(exchange, 200, "{}");
        });
        this.control.start();
        up();
    }

    synchronized void up() {
        if (server == null) {
            server = bind(port);
            port = server.getAddress().getPort();
            server.setExecutor(executor);
            service.forEach(server::createContext);
            server.start();
        }
    }

    synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    String controlUrl() {
        return "http://127.0.0.1:" + control.getAddress().getPort();
    }

    void stop() {
        down();
        control.stop(0);
        executor.shutdownNow();
    }

    private static HttpServer bind(int port) {
        try {
            return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the caller sent credential-service's own service token, as flow-service demands. */
    static boolean fromCredentialService(HttpExchange exchange) {
        return "hookflow-credential".equals(ServiceTokens.clientOf(exchange.getRequestHeaders().getFirst("Authorization")));
    }

    /** Whether a call to a connector carries no platform credential at all: connectors get none. */
    static boolean withoutPlatformToken(HttpExchange exchange) {
        return exchange.getRequestHeaders().getFirst("Authorization") == null
                && exchange.getRequestHeaders().getFirst("X-Hookflow-Internal-Token") == null;
    }

    static void respondJson(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
