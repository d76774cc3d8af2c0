package io.hookflow.ingress.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** flow-service's internal sample-request endpoints (docs/internal-api.md). */
@RegisterRestClient(configKey = "flow-service")
@Path("/internal/sample-requests")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface SampleRequestApi {

    @GET
    @Path("/{token}")
    Uni<SampleRequest> get(@PathParam("token") String token,
                           @HeaderParam("X-Hookflow-Internal-Token") String internalToken);

    @POST
    @Path("/{token}")
    Uni<JsonNode> capture(@PathParam("token") String token, SampleCapture capture,
                          @HeaderParam("X-Hookflow-Internal-Token") String internalToken);
}
