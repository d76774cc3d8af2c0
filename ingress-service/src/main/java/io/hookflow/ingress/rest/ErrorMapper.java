package io.hookflow.ingress.rest;

import io.hookflow.ingress.service.WebhookMetrics;
import io.hookflow.ingress.service.WebhookRejection;
import io.hookflow.platform.ErrorResponse;
import io.quarkus.logging.Log;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps every failure of the REST layer to {@code {"error":"..."}} with its status. */
public class ErrorMapper {

    @ServerExceptionMapper
    public Response rejection(WebhookRejection rejection, RoutingContext ctx) {
        // HttpRoutes counts the call once it is answered, under this reason
        ctx.put(WebhookMetrics.REASON, rejection.reason());
        Response.ResponseBuilder response = json(rejection.status(), rejection.getMessage());
        rejection.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        Response.ResponseBuilder response = json(405, "This method is not allowed here");
        if (e.getResponse() != null && e.getResponse().getHeaderString("Allow") != null) {
            response.header("Allow", e.getResponse().getHeaderString("Allow"));
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            Log.error("request failed", e);
        }
        return json(status, messageFor(status)).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        Log.error("request failed", e);
        return json(500, messageFor(500)).build();
    }

    static String messageFor(int status) {
        return switch (status) {
            case 400 -> "The request is malformed";
            case 401 -> "Authentication is missing or wrong";
            case 403 -> "Access is forbidden";
            case 404 -> "There is nothing at this path";
            case 405 -> "This method is not allowed here";
            case 406 -> "The requested representation is not available";
            case 413 -> "The request body is too large";
            case 415 -> "The Content-Type is not supported";
            case 503 -> "The service is unavailable, please retry later";
            default -> status >= 500 ? "An internal error occurred" : "The request was rejected";
        };
    }

    private static Response.ResponseBuilder json(int status, String message) {
        return Response.status(status).entity(new ErrorResponse(message)).type(MediaType.APPLICATION_JSON_TYPE);
    }
}
