package io.hookflow.flow.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.hookflow.flow.service.ConflictException;
import io.hookflow.flow.service.DependencyUnavailableException;
import io.hookflow.flow.service.InvalidRequestException;
import io.hookflow.flow.service.ResourceNotFoundException;
import io.hookflow.platform.ErrorResponse;
import io.quarkus.logging.Log;
import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.stream.Collectors;

/** The one place where exceptions become {@code {"error":"..."}} answers. */
public class ExceptionMappers {

    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e) {
        return error(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(ResourceNotFoundException e) {
        return error(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return error(Response.Status.CONFLICT, e.getMessage());
    }

    @ServerExceptionMapper
    public Response unavailable(DependencyUnavailableException e) {
        return Response.fromResponse(error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage()))
                .header(HttpHeaders.RETRY_AFTER, "5").build();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        return Response.fromResponse(error(Response.Status.UNAUTHORIZED,
                        "authentication required: send a valid bearer token"))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response identityProviderDown(OIDCException e) {
        Log.warnf("Cannot verify a token: %s", e.getMessage());
        return Response.fromResponse(error(Response.Status.SERVICE_UNAVAILABLE,
                        "the identity provider is unavailable, try again later"))
                .header(HttpHeaders.RETRY_AFTER, "5").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        String reason = e.getMessage() == null || e.getMessage().isBlank()
                ? "the token lacks the role this request needs" : e.getMessage();
        return error(Response.Status.FORBIDDEN, reason);
    }

    @ServerExceptionMapper({JsonProcessingException.class, JsonParseException.class, JsonMappingException.class,
            MismatchedInputException.class, InvalidFormatException.class})
    public Response unreadable(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            return error(Response.Status.BAD_REQUEST, "the request body has a wrong value at " + field);
        }
        return error(Response.Status.BAD_REQUEST, "the request body is not valid JSON");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        String message = switch (status.getStatusCode()) {
            case 400 -> "the request is malformed";
            case 401 -> "authentication required: send a valid bearer token";
            case 403 -> "the token lacks the role this request needs";
            case 404 -> "there is nothing at this path";
            case 405 -> "this method is not allowed on this path";
            case 406 -> "only application/json can be answered";
            case 415 -> "the request body must be application/json";
            default -> status.getReasonPhrase();
        };
        return error(status, message);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        Log.error("Unexpected error", e);
        return error(Response.Status.INTERNAL_SERVER_ERROR, "an unexpected error occurred");
    }

    private static Response error(Response.StatusType status, String message) {
        return Response.status(status.getStatusCode())
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorResponse(message))
                .build();
    }
}
