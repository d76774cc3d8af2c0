package io.hookflow.petstore.rest;

import io.hookflow.petstore.Verification;
import io.hookflow.petstore.service.ConnectorService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.CompletionStage;

/** {@code POST /verify}: checks a Petstore credential. */
@Path("/verify")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class VerifyResource {

    private final ConnectorService connector;

    public VerifyResource(ConnectorService connector) {
        this.connector = connector;
    }

    @POST
    public CompletionStage<Verification> verify(VerifyRequest request) {
        return connector.verify(request == null ? null : request.credentials()).toCompletionStage();
    }
}
