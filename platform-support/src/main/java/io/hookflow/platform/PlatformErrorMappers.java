package io.hookflow.platform;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns the platform's own exceptions into {@code {"error": "..."}} in every service. */
public class PlatformErrorMappers {

    @ServerExceptionMapper
    public Response callerRefused(InternalCallerRefusedException e) {
        return Response.status(Response.Status.FORBIDDEN).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorResponse(e.getMessage())).build();
    }
}
