package io.hookflow.executor.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

@RegisterRestClient(configKey = "credential-service")
@Path("/internal/credentials")
interface CredentialApi {

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    CredentialMaterial credential(@PathParam("id") String id, @HeaderParam(InternalToken.HEADER) String token);
}
