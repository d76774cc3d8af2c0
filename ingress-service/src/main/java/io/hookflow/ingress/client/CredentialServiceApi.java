package io.hookflow.ingress.client;

import io.hookflow.ingress.WebhookCredential;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * credential-service's internal endpoint (docs/internal-api.md), called with ingress's own client-credentials token;
 * credential-service hands ingress webhook credentials only.
 */
@RegisterRestClient(configKey = "credential-service")
@OidcClientFilter
@Path("/internal/credentials")
@Produces(MediaType.APPLICATION_JSON)
interface CredentialServiceApi {

    @GET
    @Path("/{id}")
    Uni<WebhookCredential> get(@PathParam("id") String id);
}
