package io.hookflow.flow.rest;

import io.hookflow.flow.service.GoneException;
import io.hookflow.flow.service.StepTrialException;
import io.hookflow.platform.ErrorResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** The designer's own refusals as JSON: a spent sample-request URL (410), a refused or failed trial run (422, 503). */
public class DesignerExceptionMappers {

    @ServerExceptionMapper
    public Response gone(GoneException e) {
        return Response.status(410).type(MediaType.APPLICATION_JSON).entity(new ErrorResponse(e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response trial(StepTrialException e) {
        List<DesignerResource.FieldError> errors = e.fieldErrors().entrySet().stream()
                .map(f -> new DesignerResource.FieldError(f.getKey(), f.getValue())).toList();
        Response.ResponseBuilder response = Response.status(e.status()).type(MediaType.APPLICATION_JSON)
                .entity(new DesignerResource.TrialError(e.getMessage(), errors));
        if (e.status() == 503) {
            response.header("Retry-After", "5");
        }
        return response.build();
    }
}
