package io.hookflow.ingress.rest;

import io.hookflow.ingress.service.WebhookMetrics;
import io.hookflow.ingress.service.WebhookRejection;
import io.hookflow.platform.PlatformErrorMappers;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A refused webhook as {@code {"error":"..."}} with its status and headers (a challenge, Retry-After); the framework's
 * errors (unknown path or method, unreadable JSON, anything unexpected) are answered by platform-support's
 * {@link PlatformErrorMappers}.
 */
public class ErrorMapper {

    @ServerExceptionMapper
    public Response rejection(WebhookRejection rejection, RoutingContext ctx) {
        // HttpRoutes counts the call once it is answered, under this reason
        ctx.put(WebhookMetrics.REASON, rejection.reason());
        Response.ResponseBuilder response =
                Response.fromResponse(PlatformErrorMappers.error(rejection.status(), rejection.getMessage()));
        rejection.headers().forEach(response::header);
        return response.build();
    }
}
