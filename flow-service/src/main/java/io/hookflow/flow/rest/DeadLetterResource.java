package io.hookflow.flow.rest;

import io.hookflow.flow.mapping.DeadLetterMapper;
import io.hookflow.flow.service.DeadLetterService;
import io.hookflow.platform.WorkspaceClaim;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin API for the workspace's dead letters: webhooks the executor gave up on, and their replay. */
@Path("/api/v1/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Dead letters", description = "Webhook events that could not be run at all")
public class DeadLetterResource {

    private final DeadLetterService service;
    private final DeadLetterMapper mapper;
    private final WorkspaceClaim caller;

    public DeadLetterResource(DeadLetterService service, DeadLetterMapper mapper, WorkspaceClaim caller) {
        this.service = service;
        this.mapper = mapper;
        this.caller = caller;
    }

    @GET
    @RolesAllowed("executions.read")
    @Operation(summary = "List dead letters", description = "Newest first, optionally of one flow; `X-Total-Count`"
            + " holds the number.")
    @APIResponse(responseCode = "200", description = "A page of dead letters.",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = DeadLetterResponse.class)))
    @APIResponse(responseCode = "400", description = "`page` or `size` out of range (size 1-100).")
    public Response list(@QueryParam("flowId") String flowId, @QueryParam("page") String page,
                         @QueryParam("size") String size) {
        Paging paging = Paging.of(page, size);
        DeadLetterService.DeadLetterPage result = service.list(caller.workspace(),
                flowId == null || flowId.isBlank() ? null : flowId.trim(), paging.page(), paging.size());
        return Response.ok(result.letters().stream().map(mapper::toResponse).toList())
                .header(Paging.TOTAL_COUNT, result.total()).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed("executions.read")
    @Operation(summary = "Get a dead letter", description = "The letter with its reason and original message.")
    @APIResponse(responseCode = "200", description = "The dead letter.",
            content = @Content(schema = @Schema(implementation = DeadLetterDetail.class)))
    @APIResponse(responseCode = "404", description = "No such dead letter in the caller's workspace.")
    public DeadLetterDetail get(@PathParam("id") String id) {
        return mapper.toDetail(service.get(caller.workspace(), id));
    }

    @POST
    @Path("{id}/replay")
    @RolesAllowed("executions.control")
    @Operation(summary = "Replay a dead letter", description = "Sends its message again: as the execution's next"
            + " attempt, or as a new webhook event when it never became an execution.")
    @APIResponse(responseCode = "202", description = "Queued.",
            content = @Content(schema = @Schema(implementation = DeadLetterReplayResponse.class)))
    @APIResponse(responseCode = "404", description = "No such dead letter in the caller's workspace.")
    @APIResponse(responseCode = "409", description = "The letter cannot be replayed now (e.g. its flow is not active).")
    public Response replay(@PathParam("id") String id) {
        return Response.accepted(mapper.toResponse(service.replay(caller.workspace(), id))).build();
    }
}
