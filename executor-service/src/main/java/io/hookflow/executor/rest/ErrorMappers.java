package io.hookflow.executor.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The internal API's framework errors in the platform's shape {@code {"error": "..."}}. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e) {
        return error(400, "The body is not the JSON this endpoint takes: " + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e, jakarta.ws.rs.core.UriInfo uri) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        String message = switch (status) {
            case 404 -> "There is nothing at " + (uri == null ? "this path" : uri.getPath())
                    + "; the executor serves only /q/health, /q/metrics and /internal/designer";
            case 405 -> "This method is not allowed here";
            case 406 -> "This endpoint answers application/json only";
            case 415 -> "This endpoint takes application/json only";
            default -> e.getMessage() == null ? "Request refused" : e.getMessage();
        };
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformed(json);
        }
        return error(status, message);
    }

    private static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new DesignerResource.ErrorBody(message, null)).build();
    }
}
