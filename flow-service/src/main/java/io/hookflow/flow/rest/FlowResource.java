package io.hookflow.flow.rest;

import io.hookflow.flow.FlowVersion;
import io.hookflow.flow.mapping.FlowMapper;
import io.hookflow.flow.service.FlowService;
import io.hookflow.flow.service.FlowVersionService;
import io.hookflow.flow.service.InvalidRequestException;
import io.hookflow.flow.service.ResourceNotFoundException;
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

/** Admin API for flows: CRUD of the draft, publishing, and start/stop. */
@Path("/api/v1/flows")
@Produces(MediaType.APPLICATION_JSON)
public class FlowResource {

    private final FlowService service;
    private final FlowVersionService versionService;
    private final FlowMapper mapper;
    private final Caller caller;

    public FlowResource(FlowService service, FlowVersionService versionService, FlowMapper mapper, Caller caller) {
        this.service = service;
        this.versionService = versionService;
        this.mapper = mapper;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("flows.write")
    public Response create(FlowRequest request, @Context UriInfo uri) {
        FlowRequest body = required(request);
        FlowService.Detail created = service.create(caller.workspace(), body.name(), body.description(), body.steps(),
                body.settings());
        return Response.created(uri.getAbsolutePathBuilder().path(created.flow().id).build())
                .entity(mapper.toResponse(created.flow(), created.samples())).build();
    }

    @GET
    @RolesAllowed("flows.read")
    public Response list(@QueryParam("page") String page, @QueryParam("size") String size) {
        Paging paging = Paging.of(page, size);
        FlowService.FlowPage result = service.list(caller.workspace(), paging.page(), paging.size());
        return Response.ok(result.flows().stream().map(mapper::toSummary).toList())
                .header(Paging.TOTAL_COUNT, result.total()).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed("flows.read")
    public FlowResponse get(@PathParam("id") String id) {
        FlowService.Detail detail = service.detail(caller.workspace(), id);
        return mapper.toResponse(detail.flow(), detail.samples());
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("flows.write")
    public FlowResponse replace(@PathParam("id") String id, FlowRequest request) {
        FlowRequest body = required(request);
        FlowService.Detail replaced = service.replace(caller.workspace(), id, body.name(), body.description(),
                body.steps(), body.settings());
        return mapper.toResponse(replaced.flow(), replaced.samples());
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed("flows.write")
    public Response delete(@PathParam("id") String id) {
        service.delete(caller.workspace(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/publish")
    @RolesAllowed("flows.control")
    public Response publish(@PathParam("id") String id, @Context UriInfo uri) {
        FlowVersion version = service.publish(caller.workspace(), id);
        return Response.created(uri.getBaseUriBuilder().path(FlowResource.class)
                        .path(id).path("versions").path(String.valueOf(version.version)).build())
                .entity(mapper.toVersionResponse(version)).build();
    }

    @GET
    @Path("{id}/versions")
    @RolesAllowed("flows.read")
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
    public VersionDetailResponse version(@PathParam("id") String id, @PathParam("version") String version) {
        return mapper.toVersionDetail(service.version(caller.workspace(), id, versionNumber(id, version)));
    }

    @POST
    @Path("{id}/start")
    @RolesAllowed("flows.control")
    public Response start(@PathParam("id") String id) {
        return Response.accepted(mapper.toStateResponse(service.start(caller.workspace(), id))).build();
    }

    @POST
    @Path("{id}/stop")
    @RolesAllowed("flows.control")
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
