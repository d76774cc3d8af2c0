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

/** Admin API for one execution record with its steps, and its retry. */
@Path("/api/v1/executions")
@Produces(MediaType.APPLICATION_JSON)
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
    public ExecutionDetail get(@PathParam("id") String id) {
        return mapper.toDetail(service.get(caller.workspace(), id));
    }

    /** Runs a failed execution again from its original webhook, as its next attempt. */
    @POST
    @Path("{id}/retry")
    @RolesAllowed("executions.control")
    public Response retry(@PathParam("id") String id) {
        ExecutionRetryService.QueuedRetry queued = retries.retry(caller.workspace(), id);
        return Response.accepted(new RetryResponse(queued.executionId(), ExecutionStatus.RETRYING.value(),
                queued.attempt())).build();
    }
}
