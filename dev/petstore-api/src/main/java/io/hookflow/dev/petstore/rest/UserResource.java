package io.hookflow.dev.petstore.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /v2/user/me}: lets a client check its API key (the connector's verify call). */
@Path("/v2/user")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    @GET
    @Path("/me")
    public UserResponse me() {
        return new UserResponse("demo");
    }
}
