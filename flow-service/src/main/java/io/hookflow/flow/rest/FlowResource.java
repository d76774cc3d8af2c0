package io.hookflow.flow.rest;

import io.hookflow.flow.FlowVersion;
import io.hookflow.flow.mapping.FlowMapper;
import io.hookflow.flow.service.FlowService;
import io.hookflow.flow.service.FlowVersionService;
import io.hookflow.flow.service.InvalidRequestException;
import io.hookflow.flow.service.ResourceNotFoundException;
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
import jakarta.ws.rs.QueryParam;
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

/** Admin API for flows: CRUD of the draft, publishing, and start/stop. */
@Path("/api/v1/flows")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Flows", description = "Flows: their drafts, published versions and live state")
public class FlowResource {

    private final FlowService service;
    private final FlowVersionService versionService;
    private final FlowMapper mapper;
    private final WorkspaceClaim caller;

    public FlowResource(FlowService service, FlowVersionService versionService, FlowMapper mapper, WorkspaceClaim caller) {
        this.service = service;
        this.versionService = versionService;
        this.mapper = mapper;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("flows.write")
    @Operation(summary = "Create a flow",
            description = "Validates the draft (steps, mappings, credentials, limits) and creates an inactive flow. A"
                    + " step's `sample` becomes its manual sample.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = FlowRequest.class),
            examples = @ExampleObject(name = "tutorial", value = ApiExamples.FLOW_REQUEST)))
    @APIResponse(responseCode = "201", description = "Created; `Location` is the flow's address.",
            content = @Content(schema = @Schema(implementation = FlowResponse.class),
                    examples = @ExampleObject(name = "tutorial", value = ApiExamples.FLOW_RESPONSE)))
    @APIResponse(responseCode = "400", description = "The body is not a valid flow; the error names the step and field.",
            content = @Content(examples = @ExampleObject(name = "unmapped", value = ApiExamples.INVALID_FLOW)))
    @APIResponse(responseCode = "413", description = "The body is over the HTTP body limit (10 MiB).")
    @APIResponse(responseCode = "415", description = "The body is not `application/json`.")
    @APIResponse(responseCode = "503", description = "A connector or credential-service cannot be reached to check"
            + " the draft; try again.",
            content = @Content(examples = @ExampleObject(name = "connector down", value = ApiExamples.CONNECTOR_DOWN)))
    public Response create(FlowRequest request, @Context UriInfo uri) {
        FlowRequest body = required(request);
        FlowService.Detail created = service.create(caller.workspace(), body.name(), body.description(), body.steps(),
                body.settings());
        return Response.created(uri.getAbsolutePathBuilder().path(created.flow().id).build())
                .entity(mapper.toResponse(created.flow(), created.samples())).build();
    }

    @GET
    @RolesAllowed("flows.read")
    @Operation(summary = "List flows",
            description = "The workspace's flows as summaries (no description, draft or steps), newest first;"
                    + " `X-Total-Count` holds the number of flows.")
    @APIResponse(responseCode = "200", description = "A page of summaries.",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = FlowSummary.class),
                    examples = @ExampleObject(name = "tutorial", value = ApiExamples.FLOW_LIST)))
    @APIResponse(responseCode = "400", description = "`page` or `size` out of range (size 1-100).")
    public Response list(@QueryParam("page") String page, @QueryParam("size") String size) {
        Paging paging = Paging.of(page, size);
        FlowService.FlowPage result = service.list(caller.workspace(), paging.page(), paging.size());
        return Response.ok(result.flows().stream().map(mapper::toSummary).toList())
                .header(Paging.TOTAL_COUNT, result.total()).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed("flows.read")
    @Operation(summary = "Get a flow", description = "Everything: description, draft, each step with its sample.")
    @APIResponse(responseCode = "200", description = "The flow.",
            content = @Content(schema = @Schema(implementation = FlowResponse.class),
                    examples = @ExampleObject(name = "tutorial", value = ApiExamples.FLOW_RESPONSE)))
    @APIResponse(responseCode = "404", description = "No such flow in the caller's workspace.",
            content = @Content(examples = @ExampleObject(name = "unknown", value = ApiExamples.FLOW_NOT_FOUND)))
    public FlowResponse get(@PathParam("id") String id) {
        FlowService.Detail detail = service.detail(caller.workspace(), id);
        return mapper.toResponse(detail.flow(), detail.samples());
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("flows.write")
    @Operation(summary = "Replace a flow's draft",
            description = "Replaces name, description, steps and settings; the live version is untouched until the"
                    + " next publish. Steps sent without a `sample` keep theirs; the samples of dropped steps go.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = FlowRequest.class),
            examples = @ExampleObject(name = "tutorial", value = ApiExamples.FLOW_REQUEST)))
    @APIResponse(responseCode = "200", description = "The flow with its new draft.",
            content = @Content(schema = @Schema(implementation = FlowResponse.class)))
    @APIResponse(responseCode = "400", description = "The body is not a valid flow; the error names the step and field.",
            content = @Content(examples = @ExampleObject(name = "unmapped", value = ApiExamples.INVALID_FLOW)))
    @APIResponse(responseCode = "404", description = "No such flow in the caller's workspace.")
    @APIResponse(responseCode = "413", description = "The body is over the HTTP body limit (10 MiB).")
    @APIResponse(responseCode = "415", description = "The body is not `application/json`.")
    @APIResponse(responseCode = "503", description = "A connector or credential-service cannot be reached; try again.")
    public FlowResponse replace(@PathParam("id") String id, FlowRequest request) {
        FlowRequest body = required(request);
        FlowService.Detail replaced = service.replace(caller.workspace(), id, body.name(), body.description(),
                body.steps(), body.settings());
        return mapper.toResponse(replaced.flow(), replaced.samples());
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed("flows.write")
    @Operation(summary = "Delete a flow",
            description = "Deletes the flow, its versions and samples; its webhook stops. Executions stay until retention.")
    @APIResponse(responseCode = "204", description = "Deleted.")
    @APIResponse(responseCode = "404", description = "No such flow in the caller's workspace.")
    public Response delete(@PathParam("id") String id) {
        service.delete(caller.workspace(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/publish")
    @RolesAllowed("flows.control")
    @Operation(summary = "Publish the draft",
            description = "Copies the draft into version N+1; on an active flow that version goes live at once.")
    @APIResponse(responseCode = "201", description = "Published; `Location` is the version's address.",
            content = @Content(schema = @Schema(implementation = VersionResponse.class),
                    examples = @ExampleObject(name = "first", value = "{\"version\": 1, \"publishedAt\": \"2026-12-04T18:01:00Z\"}")))
    @APIResponse(responseCode = "404", description = "No such flow in the caller's workspace.")
    @APIResponse(responseCode = "409", description = "The flow is active and a step's credential no longer exists.")
    @APIResponse(responseCode = "503", description = "credential-service cannot be reached to check the credentials.")
    public Response publish(@PathParam("id") String id, @Context UriInfo uri) {
        FlowVersion version = service.publish(caller.workspace(), id);
        return Response.created(uri.getBaseUriBuilder().path(FlowResource.class)
                        .path(id).path("versions").path(String.valueOf(version.version)).build())
                .entity(mapper.toVersionResponse(version)).build();
    }

    @GET
    @Path("{id}/versions")
    @RolesAllowed("flows.read")
    @Operation(summary = "List a flow's versions", description = "Newest first; `X-Total-Count` holds the number.")
    @APIResponse(responseCode = "200", description = "A page of versions.",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = VersionResponse.class)))
    @APIResponse(responseCode = "400", description = "`page` or `size` out of range (size 1-100).")
    @APIResponse(responseCode = "404", description = "No such flow in the caller's workspace.")
    public Response versions(@PathParam("id") String id, @QueryParam("page") String page,
                             @QueryParam("size") String size) {
        Paging paging = Paging.of(page, size);
        FlowVersionService.VersionPage result = versionService.list(caller.workspace(), id, paging.page(), paging.size());
        return Response.ok(result.versions().stream().map(mapper::toVersionResponse).toList())
                .header(Paging.TOTAL_COUNT, result.total()).build();
    }

    @GET
    @Path("{id}/versions/{version}")
    @RolesAllowed("flows.read")
    @Operation(summary = "Get a published version", description = "The name, steps and settings as published.")
    @APIResponse(responseCode = "200", description = "The version.",
            content = @Content(schema = @Schema(implementation = VersionDetailResponse.class)))
    @APIResponse(responseCode = "404", description = "No such flow in the caller's workspace, or no such version.")
    public VersionDetailResponse version(@PathParam("id") String id, @PathParam("version") String version) {
        return mapper.toVersionDetail(service.version(caller.workspace(), id, versionNumber(id, version)));
    }

    @POST
    @Path("{id}/start")
    @RolesAllowed("flows.control")
    @Operation(summary = "Start a flow",
            description = "Makes the latest version live: the webhook answers within 5 s. A no-op on an active flow.")
    @APIResponse(responseCode = "202", description = "Started.",
            content = @Content(schema = @Schema(implementation = FlowStateResponse.class)))
    @APIResponse(responseCode = "404", description = "No such flow in the caller's workspace.")
    @APIResponse(responseCode = "409", description = "Nothing is published yet, or a step's credential no longer exists.",
            content = @Content(examples = @ExampleObject(name = "nothing published", value = ApiExamples.NOTHING_PUBLISHED)))
    @APIResponse(responseCode = "503", description = "credential-service cannot be reached to check the credentials.")
    public Response start(@PathParam("id") String id) {
        return Response.accepted(mapper.toStateResponse(service.start(caller.workspace(), id))).build();
    }

    @POST
    @Path("{id}/stop")
    @RolesAllowed("flows.control")
    @Operation(summary = "Stop a flow", description = "The webhook answers 404 within 5 s. A no-op on an inactive flow.")
    @APIResponse(responseCode = "202", description = "Stopped.",
            content = @Content(schema = @Schema(implementation = FlowStateResponse.class)))
    @APIResponse(responseCode = "404", description = "No such flow in the caller's workspace.")
    public Response stop(@PathParam("id") String id) {
        return Response.accepted(mapper.toStateResponse(service.stop(caller.workspace(), id))).build();
    }

    static int versionNumber(String flowId, String version) {
        try {
            return Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw new ResourceNotFoundException(
                    "Flow " + flowId + " has no version " + version);
        }
    }

    private static FlowRequest required(FlowRequest request) {
        if (request == null) {
            throw new InvalidRequestException("the request body is required: a JSON object with name and steps");
        }
        return request;
    }
}
