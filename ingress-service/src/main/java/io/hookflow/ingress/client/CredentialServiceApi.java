package io.hookflow.ingress.client;

import io.hookflow.ingress.WebhookCredential;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** credential-service's internal endpoint (docs/internal-api.md). */
@RegisterRestClient(configKey = "credential-service")
@Path("/internal/credentials")
@Produces(MediaType.APPLICATION_JSON)
interface CredentialServiceApi {

    @GET
    @Path("/{id}")
    Uni<WebhookCredential> get(@PathParam("id") String id,
                               @HeaderParam("X-Hookflow-Internal-Token") String internalToken);
}
