package io.hookflow.executor.rest;

import io.hookflow.executor.http.NotFoundRoute;
import io.hookflow.platform.PlatformErrorMappers;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The executor's one difference from platform-support's error answers ({@link PlatformErrorMappers}): a 404 names the
 * path and what the executor serves, as {@link NotFoundRoute} does for paths outside JAX-RS.
 */
public class ErrorMapper {

    // NotFoundException is narrower than the platform's WebApplicationException, which alone would make this one
    // answer; OVERRIDE keeps it so should the platform ever map NotFoundException itself.
    @ServerExceptionMapper(priority = PlatformErrorMappers.OVERRIDE)
    public Response notFound(NotFoundException e, UriInfo uri) {
        return PlatformErrorMappers.error(404, NotFoundRoute.message(uri.getPath()));
    }
}
