package io.hookflow.flow.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The connector protocol calls flow-service makes; one instance per connector base URL. */
@Path("/")
interface ConnectorApi {

    @GET
    @Path("component")
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode component();
}
