package io.hookflow.flow.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** executor-service's internal designer API (docs/internal-api.md), called with flow-service's own token. */
@RegisterRestClient(configKey = "executor-service")
@OidcClientFilter
@Path("/internal/designer")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
interface ExecutorApi {

    @POST
    @Path("/preview")
    JsonNode preview(JsonNode request);

    @POST
    @Path("/run")
    JsonNode run(JsonNode request);
}
