package io.hookflow.flow.rest;

import io.hookflow.flow.mapping.ExecutionMapper;
import io.hookflow.flow.service.ExecutionService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Admin API for one execution record with its steps. */
@Path("/api/v1/executions")
@Produces(MediaType.APPLICATION_JSON)
public class ExecutionResource {

    private final ExecutionService service;
    private final ExecutionMapper mapper;
    private final Caller caller;

    public ExecutionResource(ExecutionService service, ExecutionMapper mapper, Caller caller) {
        this.service = service;
        this.mapper = mapper;
        this.caller = caller;
    }

    @GET
    @Path("{id}")
    @RolesAllowed("executions.read")
    public ExecutionDetail get(@PathParam("id") String id) {
        return mapper.toDetail(service.get(caller.workspace(), id));
    }
}
