package io.hookflow.executor.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Built per connector base URL by {@link ConnectorClient}; answers a raw Response so every status is ours to judge. */
@Path("/actions")
interface ConnectorApi {

    @POST
    @Path("/{action}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Response invoke(@PathParam("action") String action, @HeaderParam("Idempotency-Key") String idempotencyKey,
                    @HeaderParam(InternalToken.HEADER) String internalToken, ActionRequest request);
}
