package io.hookflow.flow.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookflow.flow.service.ComponentCatalogue;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Admin API for the component catalogue: the webhook trigger and every reachable connector. */
@Path("/api/v1/components")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Components", description = "What steps may use: the webhook trigger and each connector's descriptor")
public class ComponentResource {

    private final ComponentCatalogue catalogue;

    public ComponentResource(ComponentCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @GET
    @RolesAllowed("flows.read")
    @Operation(summary = "List the component catalogue",
            description = "The webhook trigger and each reachable connector's descriptor (actions and triggers with"
                    + " their input and output fields); a connector that cannot be reached is left out.")
    @APIResponse(responseCode = "200", description = "The descriptors.",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = Object.class)))
    public List<JsonNode> list() {
        return catalogue.all();
    }
}
