package io.hookflow.flow.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hookflow.testsupport.ServiceTokens;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** What the tests' real HTTP stand-ins for other services share: a loopback server and JSON answers. */
final class StubHttp {

    static final String UNTRUSTED = "{\"error\":\"Missing, wrong or unexpected platform token\"}";

    private StubHttp() {
    }

    /** An unstarted server on a free loopback port. */
    static HttpServer loopbackServer() {
        try {
            return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the caller sent flow-service's own service token, as credential-service demands. */
    static boolean fromFlowService(HttpExchange exchange) {
        return "hookflow-flow".equals(ServiceTokens.clientOf(exchange.getRequestHeaders().getFirst("Authorization")));
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

    static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
