package io.hookflow.flow.rest;

import io.hookflow.flow.ExecutionStatus;
import io.hookflow.flow.mapping.ExecutionMapper;
import io.hookflow.flow.service.ExecutionRetryService;
import io.hookflow.flow.service.ExecutionService;
import io.hookflow.platform.WorkspaceClaim;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin API for one execution record with its steps, and its retry. */
@Path("/api/v1/executions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Executions")
public class ExecutionResource {

    private final ExecutionService service;
    private final ExecutionRetryService retries;
    private final ExecutionMapper mapper;
    private final WorkspaceClaim caller;

    public ExecutionResource(ExecutionService service, ExecutionRetryService retries, ExecutionMapper mapper,
                             WorkspaceClaim caller) {
        this.service = service;
        this.retries = retries;
        this.mapper = mapper;
        this.caller = caller;
    }

    @GET
    @Path("{id}")
    @RolesAllowed("executions.read")
    @Operation(summary = "Get an execution",
            description = "The latest attempt with its steps (input, output, error) and the attempt history.")
    @APIResponse(responseCode = "200", description = "The execution.",
            content = @Content(schema = @Schema(implementation = ExecutionDetail.class)))
    @APIResponse(responseCode = "404", description = "No such execution in the caller's workspace.")
    public ExecutionDetail get(@PathParam("id") String id) {
        return mapper.toDetail(service.get(caller.workspace(), id));
    }

    /** Runs a failed execution again from its original webhook, as its next attempt. */
    @POST
    @Path("{id}/retry")
    @RolesAllowed("executions.control")
    @Operation(summary = "Retry a failed execution", description = "Runs it again from its original webhook.")
    @APIResponse(responseCode = "202", description = "Queued as the next attempt.",
            content = @Content(schema = @Schema(implementation = RetryResponse.class)))
    @APIResponse(responseCode = "404", description = "No such execution in the caller's workspace.")
    @APIResponse(responseCode = "409", description = "The execution is not failed, its flow is not active, or its"
            + " original webhook is gone.")
    public Response retry(@PathParam("id") String id) {
        ExecutionRetryService.QueuedRetry queued = retries.retry(caller.workspace(), id);
        return Response.accepted(new RetryResponse(queued.executionId(), ExecutionStatus.RETRYING.value(),
                queued.attempt())).build();
    }
}
