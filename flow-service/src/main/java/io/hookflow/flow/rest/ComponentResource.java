package io.hookflow.flow.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookflow.flow.service.ComponentCatalogue;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** Admin API for the component catalogue: the webhook trigger and every reachable connector. */
@Path("/api/v1/components")
@Produces(MediaType.APPLICATION_JSON)
public class ComponentResource {

    private final ComponentCatalogue catalogue;

    public ComponentResource(ComponentCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @GET
    @RolesAllowed("flows.read")
    public List<JsonNode> list() {
        return catalogue.all();
    }
}
