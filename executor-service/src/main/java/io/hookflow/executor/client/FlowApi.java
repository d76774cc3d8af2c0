package io.hookflow.executor.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

@RegisterRestClient(configKey = "flow-service")
@Path("/internal/flows")
interface FlowApi {

    @GET
    @Path("/{flowId}/versions/{version}")
    @Produces(MediaType.APPLICATION_JSON)
    FlowVersion version(@PathParam("flowId") String flowId, @PathParam("version") int version,
                        @HeaderParam(InternalToken.HEADER) String token);
}
