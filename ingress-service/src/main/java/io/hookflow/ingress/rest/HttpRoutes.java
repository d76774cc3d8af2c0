package io.hookflow.ingress.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.ingress.config.IngressConfig;
import io.hookflow.ingress.service.WebhookMetrics;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Vert.x-level routes around the REST layer. On {@code /hook/*} they time and count every call, refuse a body
 * whose Content-Length is over {@code ingress.max-body-size} before reading it, and render the 413 of a chunked
 * body that grows over {@code quarkus.http.limits.max-body-size} (the same value) as JSON. Nothing here reads the
 * body: with HTTP/2 a body read ahead of the REST layer makes it fail with "Request has already been read". Any path nothing else serves answers a JSON 404.
 */
@ApplicationScoped
public class HttpRoutes {

    // Before Quarkus's own upload limit (RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT), which answers without a body.
    private static final int HOOK_FILTER_ORDER = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 10;

    private final WebhookMetrics metrics;
    private final ObjectMapper mapper;
    private final long maxBodySize;

    public HttpRoutes(WebhookMetrics metrics, ObjectMapper mapper, IngressConfig config) {
        this.metrics = metrics;
        this.mapper = mapper;
        this.maxBodySize = config.maxBodySize().asLongValue();
    }

    void register(@Observes Router router) {
        router.route("/hook/*").order(HOOK_FILTER_ORDER).handler(this::filterHook);
        router.route().order(HOOK_FILTER_ORDER).failureHandler(this::failure);
        router.route().order(Integer.MAX_VALUE).handler(ctx -> error(ctx, 404, "There is nothing at this path"));
    }

    private void failure(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
        if (status == 413) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            error(ctx, 413, "The request body is larger than " + maxBodySize + " bytes");
        } else if (status >= 500) {
            ctx.next(); // Quarkus's own handler logs it with an error id
        } else {
            error(ctx, status, ErrorMapper.messageFor(status));
        }
    }

    private void filterHook(RoutingContext ctx) {
        if (ctx.request().method() != HttpMethod.HEAD) {
            long start = System.nanoTime();
            ctx.addEndHandler(done -> metrics.record(ctx.response().getStatusCode(), start));
        }
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                error(ctx, 400, "Content-Length is not a number");
                return;
            }
            if (declared > maxBodySize) {
                // The body stays unread, so the connection cannot be reused.
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                error(ctx, 413, "The request body is larger than " + maxBodySize + " bytes");
                return;
            }
        }
        ctx.next();
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
