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

/** Admin API for the workspace's dead letters: webhooks the executor gave up on, and their replay. */
@Path("/api/v1/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
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
    public DeadLetterDetail get(@PathParam("id") String id) {
        return mapper.toDetail(service.get(caller.workspace(), id));
    }

    @POST
    @Path("{id}/replay")
    @RolesAllowed("executions.control")
    public Response replay(@PathParam("id") String id) {
        return Response.accepted(mapper.toResponse(service.replay(caller.workspace(), id))).build();
    }
}
