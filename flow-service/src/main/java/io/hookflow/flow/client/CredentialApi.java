package io.hookflow.flow.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** credential-service's internal summary of a credential (docs/internal-api.md), asked with flow-service's own token. */
@RegisterRestClient(configKey = "credential-service")
@OidcClientFilter
@Path("/internal/credentials")
interface CredentialApi {

    @GET
    @Path("{id}/summary")
    @Produces(MediaType.APPLICATION_JSON)
    CredentialSummary summary(@PathParam("id") String id);
}
