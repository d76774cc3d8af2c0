package io.hookflow.flow.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** executor-service's internal designer API (docs/internal-api.md). */
@RegisterRestClient(configKey = "executor-service")
@Path("/internal/designer")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
interface ExecutorApi {

    @POST
    @Path("/preview")
    JsonNode preview(JsonNode request, @HeaderParam("X-Hookflow-Internal-Token") String internalToken);

    @POST
    @Path("/run")
    JsonNode run(JsonNode request, @HeaderParam("X-Hookflow-Internal-Token") String internalToken);
}
