package io.hookflow.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.logging.Log;
import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The framework's errors as {@code {"error": "..."}} in every service, in one wording per status: no or a bad token,
 * a missing role, a body that is not the JSON asked for, an unknown path or method, the identity provider down, and
 * whatever nothing else maps. A service keeps mappers for its own exceptions; to answer differently for one of the
 * types mapped here it maps a narrower type (the nearest type wins) or the same type with {@link #OVERRIDE}.
 */
public class PlatformErrorMappers {

    /**
     * These mappers' priority (the lower the number, the stronger). It has to be below Quarkus's own mappers for the
     * security exceptions ({@code USER + 1}) and Jackson's {@code MismatchedInputException} ({@code USER + 100}), which
     * answer without a JSON body, so it is the default of a mapper declared in a service: a service mapper for the very
     * same type must say {@link #OVERRIDE}, or which of the two answers is left to registration order.
     */
    public static final int PRIORITY = Priorities.USER;

    /** The priority of a service's mapper that answers differently for a type mapped here. */
    public static final int OVERRIDE = PRIORITY - 1;

    /** Seconds a client is asked to wait when a dependency of the service is down. */
    public static final String RETRY_AFTER_SECONDS = "5";

    private static final List<String> KEPT_HEADERS =
            List.of(HttpHeaders.ALLOW, HttpHeaders.RETRY_AFTER, HttpHeaders.WWW_AUTHENTICATE);

    @ServerExceptionMapper(priority = PRIORITY)
    public Response callerRefused(InternalCallerRefusedException e) {
        return error(Response.Status.FORBIDDEN.getStatusCode(), e.getMessage());
    }

    @ServerExceptionMapper(value = {UnauthorizedException.class, AuthenticationFailedException.class},
            priority = PRIORITY)
    public Response unauthenticated(RuntimeException e) {
        return unauthenticated();
    }

    @ServerExceptionMapper(priority = PRIORITY)
    public Response forbidden(ForbiddenException e) {
        return error(403, messageFor(403));
    }

    @ServerExceptionMapper(priority = PRIORITY)
    public Response identityProviderDown(OIDCException e) {
        Log.warnf("Cannot verify a token: %s", e.getMessage());
        return Response.fromResponse(error(503, "The identity provider is unavailable, try again later"))
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
    }

    // MismatchedInputException is named on its own: Quarkus maps that exact type itself (an empty 400).
    @ServerExceptionMapper(value = {JsonProcessingException.class, JsonMappingException.class,
            MismatchedInputException.class}, priority = PRIORITY)
    public Response unreadable(JsonProcessingException e) {
        if (e instanceof InvalidDefinitionException) {
            return unexpected(e); // a type the service cannot read at all: its bug, not the caller's
        }
        return error(400, unreadableMessage(e));
    }

    @ServerExceptionMapper(priority = PRIORITY)
    public Response framework(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            Log.errorf(e, "Request failed with HTTP %d", status);
        }
        Response.ResponseBuilder answer = Response.fromResponse(error(status, messageFor(status)));
        if (e.getResponse() != null) {
            KEPT_HEADERS.forEach(name -> {
                String value = e.getResponse().getHeaderString(name);
                if (value != null) {
                    answer.header(name, value);
                }
            });
        }
        if (status == 401 && (e.getResponse() == null
                || e.getResponse().getHeaderString(HttpHeaders.WWW_AUTHENTICATE) == null)) {
            answer.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return answer.build();
    }

    @ServerExceptionMapper(priority = PRIORITY)
    public Response unexpected(Throwable e) {
        if (e.getCause() instanceof JsonProcessingException json && !(json instanceof InvalidDefinitionException)) {
            return unreadable(json);
        }
        // the class name is enough to find it; the stack trace goes to the operator, never to the caller
        Log.errorf(e, "Unexpected %s", e.getClass().getName());
        return error(500, messageFor(500));
    }

    /** The one wording of a status every service answers with when it has nothing more specific to say. */
    public static String messageFor(int status) {
        return switch (status) {
            case 400 -> "The request is malformed";
            case 401 -> "Authentication required: send a valid bearer token";
            case 403 -> "The token lacks the role or workspace this request needs";
            case 404 -> "There is nothing at this path";
            case 405 -> "This method is not allowed on this path";
            case 406 -> "This endpoint answers application/json only";
            case 409 -> "The request conflicts with the current state of the resource";
            case 413 -> "The request body is too large";
            case 415 -> "This endpoint does not take a body of this Content-Type";
            case 429 -> "Too many requests, try again later";
            case 503 -> "The service is unavailable, try again later";
            default -> status >= 500 ? "An internal error occurred" : "The request was refused (HTTP " + status + ")";
        };
    }

    /** A JSON {@code {"error": message}} answer with this status. */
    public static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorResponse(message)).build();
    }

    /** 401 with the bearer challenge. */
    public static Response unauthenticated() {
        return Response.fromResponse(error(401, messageFor(401)))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    // Names where the body went wrong but never echoes the parser's message: it may quote the body, secrets included.
    private static String unreadableMessage(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            if (!field.isEmpty()) {
                return "The request body has a wrong value at " + field;
            }
            if (e instanceof MismatchedInputException) {
                return "The request body is not the JSON this endpoint takes";
            }
        }
        return "The request body is not valid JSON";
    }
}
