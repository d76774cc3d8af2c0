package io.hookflow.flow.rest;

import io.hookflow.flow.service.PayloadTooLargeException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/** {@code {"error":"..."}} answers for limits breached by a value sent on its own. */
public class LimitExceptionMappers {

    @ServerExceptionMapper
    public Response tooLarge(PayloadTooLargeException e) {
        return Response.status(Response.Status.REQUEST_ENTITY_TOO_LARGE)
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", e.getMessage()))
                .build();
    }
}
