package io.hookflow.ingress.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.ingress.config.IngressConfig;
import io.hookflow.ingress.service.InFlightBodies;
import io.hookflow.ingress.service.RefusalReason;
import io.hookflow.ingress.service.WebhookMetrics;
import io.hookflow.platform.ErrorResponse;
import io.hookflow.platform.PlatformErrorMappers;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Vert.x-level routes around the REST layer. On {@code /hook/*} they time and count every call, refuse a body
 * whose Content-Length is over {@code ingress.max-body-size} before reading it, and render the 413 of a chunked
 * body that grows over {@code quarkus.http.limits.max-body-size} (the same value) as JSON. Nothing here reads the
 * body: with HTTP/2 a body read ahead of the REST layer makes it fail with "Request has already been read". Any path nothing else serves answers a JSON 404, and a declared body over the limit a JSON 413 on any path.
 * <p>
 * A POST's body bytes are reserved here, before the body is read ({@link InFlightBodies}); the reservation travels to the
 * REST layer in the routing context and counts until the call is answered (and Kafka is done with its event). A POST
 * that does not fit is answered 503 here: its body is read and dropped as it comes, never handed on.
 */
@ApplicationScoped
public class HttpRoutes {

    // Before Quarkus's own upload limit (RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT), which answers without a body.
    private static final int HOOK_FILTER_ORDER = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 10;

    /** The routing context's key for the call's {@link InFlightBodies.Reservation}. */
    static final String BODY_RESERVATION = "hookflow.body-reservation";

    private static final CharSequence NOSNIFF_NAME = HttpHeaders.createOptimized("X-Content-Type-Options");
    private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");
    private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");

    private static final String BUSY = "Too many webhook bodies are being received at once, please retry later";

    private final WebhookMetrics metrics;
    private final ObjectMapper mapper;
    private final InFlightBodies bodies;
    private final long maxBodySize;
    private final String retryAfter;

    public HttpRoutes(WebhookMetrics metrics, ObjectMapper mapper, InFlightBodies bodies, IngressConfig config) {
        this.metrics = metrics;
        this.mapper = mapper;
        this.bodies = bodies;
        this.maxBodySize = config.maxBodySize().asLongValue();
        this.retryAfter = Integer.toString(config.retryAfterSeconds());
    }

    void register(@Observes Router router) {
        // Every answer: none is meant to be sniffed into another type, and none is worth caching (a webhook's answer is
        // about that one call; errors may name a flow).
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            secureHeaders(ctx.response().headers());
            ctx.next();
        });
        router.route().order(HOOK_FILTER_ORDER).handler(this::filter);
        router.route().order(HOOK_FILTER_ORDER).failureHandler(this::failure);
        router.route().order(Integer.MAX_VALUE).handler(ctx -> error(ctx, 404, PlatformErrorMappers.messageFor(404)));
    }

    static void secureHeaders(MultiMap headers) {
        headers.set(NOSNIFF_NAME, NOSNIFF).set(HttpHeaders.CACHE_CONTROL, NO_STORE);
    }

    private void failure(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
        if (status == 413) {
            ctx.put(WebhookMetrics.REASON, RefusalReason.TOO_LARGE);
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            error(ctx, 413, "The request body is larger than " + maxBodySize + " bytes");
        } else if (status >= 500) {
            ctx.next(); // Quarkus's own handler logs it with an error id
        } else {
            error(ctx, status, PlatformErrorMappers.messageFor(status));
        }
    }

    /**
     * Every path: a declared body over the limit answers a JSON 413 here (Quarkus's own upload limit, next in line,
     * would answer it without a body); {@code /hook/*} calls are also timed, counted and their bodies reserved.
     */
    private void filter(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        boolean hook = path.equals("/hook") || path.startsWith("/hook/");
        HttpServerRequest request = ctx.request();
        if (hook && request.method() != HttpMethod.HEAD) {
            long start = System.nanoTime();
            ctx.addEndHandler(done -> metrics.record(ctx.response().getStatusCode(), ctx.get(WebhookMetrics.REASON),
                    start));
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        long declared = -1;
        if (length != null) {
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                ctx.put(WebhookMetrics.REASON, RefusalReason.MALFORMED);
                error(ctx, 400, "Content-Length is not a number");
                return;
            }
            if (declared > maxBodySize) {
                // The body stays unread, so the connection cannot be reused.
                ctx.put(WebhookMetrics.REASON, RefusalReason.TOO_LARGE);
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                error(ctx, 413, "The request body is larger than " + maxBodySize + " bytes");
                return;
            }
        }
        if (hook && request.method() == HttpMethod.POST) {
            long size = bodySize(request, declared);
            if (size > 0) {
                InFlightBodies.Reservation reservation = bodies.reserve(size);
                if (reservation == null) {
                    refuseBody(ctx);
                    return;
                }
                ctx.put(BODY_RESERVATION, reservation);
                ctx.addEndHandler(done -> reservation.answered());
            }
        }
        ctx.next();
    }

    /** The bytes to reserve: the Content-Length, else nothing for an HTTP/1 body that is not chunked, else the limit. */
    private long bodySize(HttpServerRequest request, long declared) {
        if (declared >= 0 || request.isEnded()) {
            return Math.max(declared, 0);
        }
        if (request.version() != HttpVersion.HTTP_2
                && !request.headers().contains(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED, true)) {
            return 0;
        }
        return maxBodySize;
    }

    /**
     * Answers 503 with Retry-After to a POST whose body does not fit now. The body is read and dropped as it arrives, and
     * the answer goes out once it has arrived: senders read the answer after sending, and closing a connection with
     * unread data in it resets it, which could lose the answer. A sender that waits for "100 Continue" is answered at
     * once, with its connection to be closed (a body it may still send is dropped the same way).
     */
    private void refuseBody(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) {
            busy(ctx);
            return;
        }
        long[] received = {0};
        request.exceptionHandler(failure -> { }); // the sender went away: nothing to answer
        request.handler(chunk -> {
            received[0] += chunk.length();
            if (received[0] > maxBodySize) {
                if (ctx.response().ended()) {
                    if (request.version() == HttpVersion.HTTP_2) {
                        ctx.response().reset();
                    } else {
                        request.connection().close();
                    }
                } else {
                    ctx.put(WebhookMetrics.REASON, RefusalReason.TOO_LARGE);
                    ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                    error(ctx, 413, "The request body is larger than " + maxBodySize + " bytes");
                }
            }
        });
        request.endHandler(end -> {
            if (!ctx.response().ended()) {
                busy(ctx);
            }
        });
        if (request.version() != HttpVersion.HTTP_2 && "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            busy(ctx);
        }
        request.resume();
    }

    private void busy(RoutingContext ctx) {
        ctx.put(WebhookMetrics.REASON, RefusalReason.BUSY);
        ctx.response().putHeader("Retry-After", retryAfter);
        error(ctx, 503, BUSY);
    }

    private void error(RoutingContext ctx, int status, String message) {
        String json;
        try {
            json = mapper.writeValueAsString(new ErrorResponse(message));
        } catch (JsonProcessingException e) {
            json = "{\"error\":\"Internal error\"}";
        }
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(ctx.request().method() == HttpMethod.HEAD ? "" : json);
    }
}
