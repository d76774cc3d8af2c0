package io.hookflow.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.core.http.impl.Http1xServerRequest;
import io.vertx.core.http.impl.Http1xServerResponse;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The answers the HTTP layer gives before any route runs, as {@code {"error": "..."}} like every other answer.
 * <ul>
 *   <li>Requests Netty's decoder refuses (a malformed request line or header line, a request line or headers over
 *   {@code quarkus.http.limits.*}): Vert.x hands them to the server's {@code invalidRequestHandler}, which by default
 *   answers 400, 414 or 431 with no body. {@link #requestHandler} installs {@link #invalidRequest} instead.</li>
 *   <li>A request target that is not a URI (bad %-encoding, a space, a bare {@code %}): Quarkus's root handler checks
 *   it with {@code new URI(...)} and answers an empty 400; while the application is still starting it answers an empty
 *   503. Both of that handler's {@code response.end()} calls become {@link #endRootAnswer}, so the URI is parsed once
 *   per request, as before ({@code -Dvertx.disableURIValidation=true} still turns the check off).</li>
 *   <li>A body without Content-Length (chunked) that grows over {@code quarkus.http.limits.max-body-size} while the REST
 *   layer streams it (bodies over {@code quarkus.rest.input-buffer-size}): RESTEasy Reactive's {@code VertxInputStream}
 *   answers 413 itself with no body; its one {@code response.end()} becomes {@link #endTooLarge}.</li>
 *   <li>A chunk framing that breaks after the headers: Vert.x fails the connection without an answer;
 *   {@link #brokenBody} answers 400 first.</li>
 * </ul>
 * Quarkus creates its HTTP server inside its own verticle and offers no hook for any of these, so the extension's build
 * step (deployment module, {@code HttpJsonErrorsProcessor}) rewrites that verticle's {@code server.requestHandler(h)}
 * calls into {@code JsonFrameworkAnswers.requestHandler(server, h)}, and the other call sites as said. Every answer
 * here carries the headers every answer of the platform carries ({@code X-Content-Type-Options: nosniff},
 * {@code Cache-Control: no-store}) and closes the connection (docs/adr/0010-json-answers-from-the-http-layer.md).
 */
public final class JsonFrameworkAnswers {

    private JsonFrameworkAnswers() {
    }

    /** What the rewritten verticle calls instead of {@code server.requestHandler(handler)}. */
    public static HttpServer requestHandler(HttpServer server, Handler<HttpServerRequest> handler) {
        server.invalidRequestHandler(JsonFrameworkAnswers::invalidRequest);
        return server.requestHandler(handler);
    }

    /**
     * What Quarkus's root handler calls instead of {@code response.end()} after it set 400 (the request target is not a
     * URI) or 503 (no route yet: the application is starting). The body of a refused target (if any) is never read, so
     * on HTTP/1 the connection cannot carry another request: it is closed after the answer, which says so.
     */
    public static Future<Void> endRootAnswer(HttpServerResponse response) {
        if (response.getStatusCode() == 503) {
            return answer(response.putHeader("Retry-After", "1"), 503, "The service is starting: try again in a second.");
        }
        if (response.getStatusCode() != 400) {
            return response.end();
        }
        boolean http1 = response instanceof Http1xServerResponse;
        if (http1) {
            response.putHeader("Connection", "close");
        }
        return answer(response, 400, "The request target is not a valid URI: check its %-encoding"
                + " (a '%' must be followed by two hex digits) and encode spaces and other reserved characters.")
                .onComplete(done -> {
                    if (http1) {
                        response.close();
                    }
                });
    }

    /** Vert.x's invalid-request answer, with a body: same statuses, and the connection is closed after it. */
    static void invalidRequest(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        HttpServerResponse response = request.response();
        response.putHeader("Connection", "close");
        if (cause instanceof TooLongHttpLineException) {
            answer(response, 414, "The request line is too long: shorten the URL (its query string in particular).");
        } else if (cause instanceof TooLongHttpHeaderException) {
            answer(response, 431, "The request headers are too large: send fewer or shorter headers.");
        } else {
            answer(response, 400, "The request is not valid HTTP/1.1: its request line or a header line is malformed.");
        }
        response.close();
    }

    /** What RESTEasy Reactive's stream calls instead of {@code response.end()} once it has set the 413. */
    public static Future<Void> endTooLarge(HttpServerResponse response) {
        return answer(response, 413, "The request body is larger than " + MaxBodySize.BYTES + " bytes");
    }

    /**
     * What Vert.x's connection calls instead of {@code fail(cause)} when a body's chunk framing breaks (a size that is
     * not hex, data longer than its size): the request in progress, unless it was answered already, gets a 400 first,
     * then the connection fails (and closes) as before.
     */
    public static void brokenBody(Http1xServerConnection connection, Throwable cause, Http1xServerRequest request) {
        HttpServerResponse response = request == null ? null : request.response();
        if (response == null || response.headWritten() || response.ended()) {
            connection.fail(cause);
            return;
        }
        response.putHeader("Connection", "close");
        answer(response, 400, "The request body's chunked encoding is broken: each chunk must be its size in hex, CRLF,"
                + " that many bytes and CRLF, and the body must end with a zero-size chunk.")
                .onComplete(done -> connection.fail(cause));
    }

    private static Future<Void> answer(HttpServerResponse response, int status, String message) {
        // the messages are fixed text, so the JSON is written by hand: no mapper on this path
        return response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Cache-Control", "no-store")
                .end("{\"error\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
    }

    /** {@code quarkus.http.limits.max-body-size} in bytes, read once (holder class: only when a body is too large). */
    private static final class MaxBodySize {
        static final long BYTES = ConfigProvider.getConfig().getOptionalValue("quarkus.http.limits.max-body-size", String.class)
                .map(value -> new MemorySizeConverter().convert(value).asLongValue())
                .orElse(10L * 1024 * 1024);
    }
}
