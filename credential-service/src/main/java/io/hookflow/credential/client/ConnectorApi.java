package io.hookflow.credential.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The part of the connector protocol (contract section 7) this service calls; connectors get no platform token. */
@Path("/")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
interface ConnectorApi {

    @POST
    @Path("verify")
    ConnectorVerifyResponse verify(ConnectorVerifyRequest request);
}
