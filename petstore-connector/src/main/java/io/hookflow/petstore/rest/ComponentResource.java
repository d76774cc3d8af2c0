package io.hookflow.petstore.rest;

import io.hookflow.petstore.ComponentDescriptor;
import io.hookflow.petstore.service.ConnectorService;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /component}: the connector's descriptor for the component catalogue. */
@Path("/component")
@Produces(MediaType.APPLICATION_JSON)
public class ComponentResource {

    private final ConnectorService connector;

    public ComponentResource(ConnectorService connector) {
        this.connector = connector;
    }

    @GET
    @NonBlocking
    public ComponentDescriptor describe() {
        return connector.describe();
    }
}
