package io.hookflow.petstore.rest;

import io.hookflow.petstore.CreatedPet;
import io.hookflow.petstore.service.ConnectorService;
import io.vertx.core.Future;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /actions/{action}}: runs one step of a flow against the Petstore. It answers a {@link CompletionStage},
 * so the request stays on the event loop from start to end and no worker thread waits for the Petstore.
 */
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
    public CompletionStage<ActionResponse> run(@PathParam("action") String action,
            @HeaderParam("Idempotency-Key") String idempotencyKey, ActionRequest request) {
        Future<CreatedPet> output = request == null
                ? connector.runAction(action, null, null, idempotencyKey)
                : connector.runAction(action, request.credentials(), request.input(),
                        idempotencyKey(idempotencyKey, request));
        return output.map(ActionResponse::new).toCompletionStage();
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
