package io.hookflow.executor.client;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Called with the executor's own client-credentials token (quarkus.oidc-client, docs/internal-api.md). */
@RegisterRestClient(configKey = "credential-service")
@OidcClientFilter
@Path("/internal/credentials")
interface CredentialApi {

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    CredentialMaterial credential(@PathParam("id") String id);
}
