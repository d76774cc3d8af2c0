package io.hookflow.dev.petstore.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.hookflow.dev.petstore.service.InvalidPetException;
import io.hookflow.dev.petstore.service.PetNotFoundException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place errors become {@code {"error":"..."}} responses. */
public class ErrorMapper {

    @ServerExceptionMapper
    public Response invalid(InvalidPetException e) {
        return error(Response.Status.BAD_REQUEST.getStatusCode(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(PetNotFoundException e) {
        return error(Response.Status.NOT_FOUND.getStatusCode(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return error(Response.Status.BAD_REQUEST.getStatusCode(), "The request body is not valid JSON for this endpoint");
    }

    // Declared on its own so it wins over Quarkus's built-in mapper for this type, which answers an empty body.
    @ServerExceptionMapper
    public Response wrongJsonShape(MismatchedInputException e) {
        return malformedJson(e);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uriInfo) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException) {
            return malformedJson((JsonProcessingException) e.getCause());
        }
        String message = switch (status) {
            case 400 -> "The request is not valid";
            case 404 -> "Nothing lives at " + uriInfo.getPath();
            case 405 -> "This method is not allowed on " + uriInfo.getPath();
            case 406 -> "This endpoint only answers application/json";
            case 415 -> "The body must be application/json";
            default -> "The request failed (HTTP " + status + ")";
        };
        return error(status, message);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        Log.error("Unexpected error", e);
        return error(500, "Something went wrong inside the Petstore");
    }

    private static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorResponse(message)).build();
    }
}
