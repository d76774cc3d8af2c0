package io.hookflow.flow.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookflow.flow.mapping.FlowMapper;
import io.hookflow.flow.service.SampleService;
import io.hookflow.platform.WorkspaceClaim;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin API for a step's sample: read it, set it by hand, generate it from the action's output fields, delete it. */
@Path("/api/v1/flows/{id}/steps/{stepId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Samples", description = "A step's sample: what it gives the next step, to map from")
public class StepSampleResource {

    private final SampleService service;
    private final FlowMapper mapper;
    private final WorkspaceClaim caller;

    public StepSampleResource(SampleService service, FlowMapper mapper, WorkspaceClaim caller) {
        this.service = service;
        this.mapper = mapper;
        this.caller = caller;
    }

    @GET
    @Path("sample")
    @RolesAllowed("flows.read")
    @Operation(summary = "Get a step's sample",
            description = "The sample with where it came from (`manual`, `request`, `generated`, `retrieved`) and when;"
                    + " `note` says when it is not what was received (a captured sample over 256 KiB is kept as its"
                    + " inferred JSON schema).")
    @APIResponse(responseCode = "200", description = "The sample.",
            content = @Content(schema = @Schema(implementation = SampleResponse.class),
                    examples = @ExampleObject(name = "tutorial", value = ApiExamples.SAMPLE_RESPONSE)))
    @APIResponse(responseCode = "404", description = "No such flow in the caller's workspace, no such step in its draft,"
            + " or the step has no sample.",
            content = @Content(examples = @ExampleObject(name = "no sample", value = ApiExamples.NO_SAMPLE)))
    public SampleResponse get(@PathParam("id") String id, @PathParam("stepId") String stepId) {
        return mapper.toSampleResponse(service.get(caller.workspace(), id, stepId));
    }

    @PUT
    @Path("sample")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("flows.write")
    @Operation(summary = "Set a step's sample by hand",
            description = "Stores the body, a JSON object of at most 256 KiB, as the step's `manual` sample.")
    @RequestBody(required = true, content = @Content(schema = @Schema(type = SchemaType.OBJECT),
            examples = @ExampleObject(name = "tutorial", value = ApiExamples.SAMPLE)))
    @APIResponse(responseCode = "200", description = "Stored.",
            content = @Content(schema = @Schema(implementation = SampleResponse.class),
                    examples = @ExampleObject(name = "tutorial", value = ApiExamples.SAMPLE_RESPONSE)))
    @APIResponse(responseCode = "400", description = "The body is not JSON, or not a JSON object.",
            content = @Content(examples = @ExampleObject(name = "array", value = ApiExamples.SAMPLE_NOT_OBJECT)))
    @APIResponse(responseCode = "404", description = "No such flow in the caller's workspace, or no such step.")
    @APIResponse(responseCode = "413", description = "The sample is over 256 KiB as compact JSON.",
            content = @Content(examples = @ExampleObject(name = "too large", value = ApiExamples.SAMPLE_TOO_LARGE)))
    @APIResponse(responseCode = "415", description = "The body is not `application/json`.")
    public SampleResponse put(@PathParam("id") String id, @PathParam("stepId") String stepId, JsonNode sample) {
        return mapper.toSampleResponse(service.putManual(caller.workspace(), id, stepId, sample));
    }

    @DELETE
    @Path("sample")
    @RolesAllowed("flows.write")
    @Operation(summary = "Delete a step's sample")
    @APIResponse(responseCode = "204", description = "Deleted.")
    @APIResponse(responseCode = "404", description = "No such flow in the caller's workspace, no such step, or the"
            + " step has no sample.")
    public Response delete(@PathParam("id") String id, @PathParam("stepId") String stepId) {
        service.delete(caller.workspace(), id, stepId);
        return Response.noContent().build();
    }

    @POST
    @Path("generate-sample")
    @RolesAllowed("flows.write")
    @Operation(summary = "Generate a step's sample from its action's output fields",
            description = "Makes the step's `generated` sample from the output fields its function declares: each an"
                    + " example of its type (the first `enum` value, `\"string\"`, 0, false, {} or []).")
    @APIResponse(responseCode = "201", description = "Generated; `Location` is the sample's address.",
            content = @Content(schema = @Schema(implementation = SampleResponse.class),
                    examples = @ExampleObject(name = "createPet", value = ApiExamples.GENERATED_SAMPLE)))
    @APIResponse(responseCode = "400", description = "The step's function declares no output fields (the webhook"
            + " trigger), or its component or function no longer exists.")
    @APIResponse(responseCode = "404", description = "No such flow in the caller's workspace, or no such step.")
    @APIResponse(responseCode = "503", description = "The step's connector cannot be reached and its descriptor is"
            + " not cached; try again.",
            content = @Content(examples = @ExampleObject(name = "connector down", value = ApiExamples.CONNECTOR_DOWN)))
    public Response generate(@PathParam("id") String id, @PathParam("stepId") String stepId, @Context UriInfo uri) {
        SampleResponse generated = mapper.toSampleResponse(service.generate(caller.workspace(), id, stepId));
        return Response.created(uri.getBaseUriBuilder().path(StepSampleResource.class).path("sample")
                        .build(id, stepId))
                .entity(generated).build();
    }
}
