package io.hookflow.flow.rest;

import io.hookflow.flow.service.ConflictException;
import io.hookflow.flow.service.DependencyUnavailableException;
import io.hookflow.flow.service.GoneException;
import io.hookflow.flow.service.InvalidRequestException;
import io.hookflow.flow.service.PayloadTooLargeException;
import io.hookflow.flow.service.ResourceNotFoundException;
import io.hookflow.flow.service.StepTrialException;
import io.hookflow.platform.PlatformErrorMappers;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/**
 * flow-service's own exceptions as {@code {"error":"..."}} answers; the framework's (tokens, roles, unreadable JSON,
 * unknown paths, anything unexpected) are answered by platform-support's {@link PlatformErrorMappers}.
 */
public class ErrorMapper {

    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e) {
        return PlatformErrorMappers.error(400, e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(ResourceNotFoundException e) {
        return PlatformErrorMappers.error(404, e.getMessage());
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return PlatformErrorMappers.error(409, e.getMessage());
    }

    /** A spent sample-request URL. */
    @ServerExceptionMapper
    public Response gone(GoneException e) {
        return PlatformErrorMappers.error(410, e.getMessage());
    }

    /** A value sent on its own (a sample, say) over its limit. */
    @ServerExceptionMapper
    public Response tooLarge(PayloadTooLargeException e) {
        return PlatformErrorMappers.error(413, e.getMessage());
    }

    @ServerExceptionMapper
    public Response unavailable(DependencyUnavailableException e) {
        return Response.fromResponse(PlatformErrorMappers.error(503, e.getMessage()))
                .header(HttpHeaders.RETRY_AFTER, PlatformErrorMappers.RETRY_AFTER_SECONDS).build();
    }

    /** A refused (422, with the fields at fault) or failed (503) trial run of a step in the designer. */
    @ServerExceptionMapper
    public Response trial(StepTrialException e) {
        List<DesignerResource.FieldError> errors = e.fieldErrors().entrySet().stream()
                .map(f -> new DesignerResource.FieldError(f.getKey(), f.getValue())).toList();
        Response.ResponseBuilder response = Response.status(e.status()).type(MediaType.APPLICATION_JSON)
                .entity(new DesignerResource.TrialError(e.getMessage(), errors));
        if (e.status() == 503) {
            response.header(HttpHeaders.RETRY_AFTER, PlatformErrorMappers.RETRY_AFTER_SECONDS);
        }
        return response.build();
    }
}
