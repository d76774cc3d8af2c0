package io.hookflow.petstore.rest;

import io.hookflow.petstore.service.ConnectorService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code POST /actions/{action}}: runs one step of a flow against the Petstore. */
@Path("/actions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ActionResource {

    private final ConnectorService connector;

    public ActionResource(ConnectorService connector) {
        this.connector = connector;
    }

    @POST
    @Path("/{action}")
    public ActionResponse run(@PathParam("action") String action,
            @HeaderParam("Idempotency-Key") String idempotencyKey, ActionRequest request) {
        if (request == null) {
            return new ActionResponse(connector.runAction(action, null, null, idempotencyKey));
        }
        return new ActionResponse(connector.runAction(action, request.credentials(), request.input(),
                idempotencyKey(idempotencyKey, request)));
    }

    /** The header as sent; without one, the contract's {@code {executionId}:{stepId}} when both are given. */
    private static String idempotencyKey(String header, ActionRequest request) {
        if (header != null && !header.isBlank()) {
            return header;
        }
        if (request.executionId() != null && request.stepId() != null) {
            return request.executionId() + ":" + request.stepId();
        }
        return null;
    }
}
