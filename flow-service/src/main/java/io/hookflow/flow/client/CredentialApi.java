package io.hookflow.flow.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** credential-service's internal summary of a credential (docs/internal-api.md). */
@RegisterRestClient(configKey = "credential-service")
@Path("/internal/credentials")
interface CredentialApi {

    @GET
    @Path("{id}/summary")
    @Produces(MediaType.APPLICATION_JSON)
    CredentialSummary summary(@PathParam("id") String id,
                              @HeaderParam("X-Hookflow-Internal-Token") String internalToken);
}
