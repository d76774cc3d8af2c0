package io.hookflow.flow.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookflow.flow.mapping.FlowMapper;
import io.hookflow.flow.service.SampleService;
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

/** Admin API for a step's sample: read it, set it by hand, generate it from the action's output fields, delete it. */
@Path("/api/v1/flows/{id}/steps/{stepId}")
@Produces(MediaType.APPLICATION_JSON)
public class StepSampleResource {

    private final SampleService service;
    private final FlowMapper mapper;
    private final Caller caller;

    public StepSampleResource(SampleService service, FlowMapper mapper, Caller caller) {
        this.service = service;
        this.mapper = mapper;
        this.caller = caller;
    }

    @GET
    @Path("sample")
    @RolesAllowed("flows.read")
    public SampleResponse get(@PathParam("id") String id, @PathParam("stepId") String stepId) {
        return mapper.toSampleResponse(service.get(caller.workspace(), id, stepId));
    }

    @PUT
    @Path("sample")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("flows.write")
    public SampleResponse put(@PathParam("id") String id, @PathParam("stepId") String stepId, JsonNode sample) {
        return mapper.toSampleResponse(service.putManual(caller.workspace(), id, stepId, sample));
    }

    @DELETE
    @Path("sample")
    @RolesAllowed("flows.write")
    public Response delete(@PathParam("id") String id, @PathParam("stepId") String stepId) {
        service.delete(caller.workspace(), id, stepId);
        return Response.noContent().build();
    }

    @POST
    @Path("generate-sample")
    @RolesAllowed("flows.write")
    public Response generate(@PathParam("id") String id, @PathParam("stepId") String stepId, @Context UriInfo uri) {
        SampleResponse generated = mapper.toSampleResponse(service.generate(caller.workspace(), id, stepId));
        return Response.created(uri.getBaseUriBuilder().path(StepSampleResource.class).path("sample")
                        .build(id, stepId))
                .entity(generated).build();
    }
}
