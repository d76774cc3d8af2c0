package io.hookflow.credential.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * flow-service's internal answers to "which active flows use this credential" and "which credentials does this flow
 * version or draft reference" (docs/internal-api.md), asked with this service's own client-credentials token
 * (quarkus.oidc-client).
 */
@RegisterRestClient(configKey = "flow-service")
@OidcClientFilter
@Path("/internal/flows")
interface FlowApi {

    @GET
    @Path("using-credential/{credentialId}")
    @Produces(MediaType.APPLICATION_JSON)
    FlowsUsingCredential usingCredential(@PathParam("credentialId") String credentialId,
                                         @QueryParam("workspace") String workspace);

    @GET
    @Path("{flowId}/versions/{version}/credentials")
    @Produces(MediaType.APPLICATION_JSON)
    FlowCredentials versionCredentials(@PathParam("flowId") String flowId, @PathParam("version") int version);

    @GET
    @Path("{flowId}/draft/credentials")
    @Produces(MediaType.APPLICATION_JSON)
    FlowCredentials draftCredentials(@PathParam("flowId") String flowId);
}
