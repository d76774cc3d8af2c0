package io.hookflow.dev.petstore.rest;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /v2/user/me}: lets a client check its API key (the connector's verify call). */
@Path("/v2/user")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    @GET
    @NonBlocking
    @Path("/me")
    public UserResponse me() {
        return new UserResponse("demo");
    }
}
