package io.hookflow.executor.client;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Called with the executor's own client-credentials token (quarkus.oidc-client, docs/internal-api.md), naming the flow
 * version ({@code version}) or the draft ({@code draft=true}) the credential is read for; a null query parameter is not
 * sent.
 */
@RegisterRestClient(configKey = "credential-service")
@OidcClientFilter
@Path("/internal/credentials")
interface CredentialApi {

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    CredentialMaterial credential(@PathParam("id") String id, @QueryParam("flowId") String flowId,
                                  @QueryParam("version") Integer version, @QueryParam("draft") Boolean draft);
}
