package io.hookflow.credential.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.hookflow.credential.service.CredentialInUseException;
import io.hookflow.credential.service.CredentialNotFoundException;
import io.hookflow.credential.service.CredentialValidationException;
import io.hookflow.credential.service.FlowServiceUnavailableException;
import io.hookflow.credential.service.SecretDecryptionException;
import io.hookflow.platform.ErrorResponse;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.stream.Collectors;

/**
 * The service's one place that turns exceptions into {@code {"error": "..."}}. Messages are written here
 * or come from exceptions built to be shown; a parser's own message is never echoed (it may quote the body).
 */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response validation(CredentialValidationException e) {
        return error(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(CredentialNotFoundException e) {
        return error(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public Response inUse(CredentialInUseException e) {
        return error(Response.Status.CONFLICT, e.getMessage());
    }

    @ServerExceptionMapper
    public Response flowServiceUnavailable(FlowServiceUnavailableException e) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, FlowServiceUnavailableException.RETRY_AFTER_SECONDS)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorResponse(e.getMessage()))
                .build();
    }

    @ServerExceptionMapper
    public Response undecryptable(SecretDecryptionException e) {
        // the message names the credential and the key id (never key material); the caller learns nothing more
        Log.errorf("%s", e.getMessage());
        return error(Response.Status.INTERNAL_SERVER_ERROR, "internal error");
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorResponse("authentication required: send a valid bearer token"))
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return error(Response.Status.FORBIDDEN, "the token lacks the role or workspace this request needs");
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return error(Response.Status.BAD_REQUEST, "the request body is not valid JSON");
    }

    @ServerExceptionMapper
    public Response wrongJsonShape(MismatchedInputException e) {
        return error(Response.Status.BAD_REQUEST, wrongShape(e));
    }

    @ServerExceptionMapper
    public Response wrongJsonMapping(JsonMappingException e) {
        return error(Response.Status.BAD_REQUEST, wrongShape(e));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return json instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                    ? error(Response.Status.BAD_REQUEST, wrongShape(mapping))
                    : error(Response.Status.BAD_REQUEST, "the request body is not valid JSON");
        }
        String message = switch (status) {
            case 400 -> "the request is malformed";
            case 401 -> "authentication required: send a valid bearer token";
            case 403 -> "the token lacks the role or workspace this request needs";
            case 404 -> "no such resource";
            case 405 -> "this method is not allowed on this resource";
            case 406 -> "this resource only answers application/json";
            case 409 -> "the request conflicts with the resource's state";
            case 415 -> "send the body as application/json";
            default -> status >= 500 ? "internal error" : "the request could not be processed";
        };
        if (status >= 500) {
            Log.errorf(e, "request failed with HTTP %d", status);
        }
        return error(status, message);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        // the class name is enough to find it; the stack trace goes along for the operator
        Log.errorf(e, "unexpected %s", e.getClass().getName());
        return error(Response.Status.INTERNAL_SERVER_ERROR, "internal error");
    }

    private static String wrongShape(JsonMappingException e) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        return field.isEmpty()
                ? "the request body must be a JSON object"
                : field + " has the wrong type";
    }

    private static Response error(Response.Status status, String message) {
        return error(status.getStatusCode(), message);
    }

    private static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorResponse(message)).build();
    }
}
