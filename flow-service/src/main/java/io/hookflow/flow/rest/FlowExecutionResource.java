package io.hookflow.flow.rest;

import io.hookflow.flow.ExecutionFilter;
import io.hookflow.flow.mapping.ExecutionMapper;
import io.hookflow.flow.service.ExecutionService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Admin API for a flow's execution records. */
@Path("/api/v1/flows/{flowId}/executions")
@Produces(MediaType.APPLICATION_JSON)
public class FlowExecutionResource {

    private final ExecutionService service;
    private final ExecutionMapper mapper;
    private final Caller caller;

    public FlowExecutionResource(ExecutionService service, ExecutionMapper mapper, Caller caller) {
        this.service = service;
        this.mapper = mapper;
        this.caller = caller;
    }

    @GET
    @RolesAllowed("executions.read")
    public Response list(@PathParam("flowId") String flowId, @QueryParam("status") String status,
                         @QueryParam("from") String from, @QueryParam("to") String to,
                         @QueryParam("page") String page, @QueryParam("size") String size) {
        Paging paging = Paging.of(page, size);
        ExecutionFilter filter = ExecutionFilters.of(status, from, to);
        ExecutionService.ExecutionPage result =
                service.list(caller.workspace(), flowId, filter, paging.page(), paging.size());
        return Response.ok(result.executions().stream().map(mapper::toSummary).toList())
                .header(Paging.TOTAL_COUNT, result.total()).build();
    }
}
