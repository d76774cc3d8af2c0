package io.hookflow.credential.rest;

import io.hookflow.credential.Credential;
import io.hookflow.credential.mapping.CredentialMapper;
import io.hookflow.credential.service.CredentialService;
import io.hookflow.credential.service.CredentialValidationException;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Admin API for credentials, scoped to the workspace in the caller's token. */
@Path("/api/v1/credentials")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Credentials")
public class CredentialResource {

    static final String READ = "credentials.read";
    static final String WRITE = "credentials.write";

    private final CredentialService service;
    private final CredentialMapper mapper;
    private final WorkspaceClaim caller;

    public CredentialResource(CredentialService service, CredentialMapper mapper, WorkspaceClaim caller) {
        this.service = service;
        this.mapper = mapper;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(WRITE)
    @Operation(summary = "Create a credential; secret fields are answered as ****")
    public Response create(CredentialRequest request, @Context UriInfo uriInfo) {
        CredentialRequest body = required(request);
        Credential credential = service.create(workspace(), body.name(), body.type(), body.config());
        return Response.created(uriInfo.getAbsolutePathBuilder().path(credential.id).build())
                .entity(mapper.toResponse(credential))
                .build();
    }

    @GET
    @RolesAllowed(READ)
    @Operation(summary = "List the workspace's credentials, newest first; X-Total-Count holds the total")
    public Response list(@QueryParam("type") String type, @QueryParam("page") String page,
                         @QueryParam("size") String size) {
        int pageNumber = number("page", page, 0, 0, Integer.MAX_VALUE);
        int pageSize = number("size", size, 20, 1, 100);
        CredentialService.CredentialPage result = service.list(workspace(), type, pageNumber, pageSize);
        List<CredentialResponse> items = result.items().stream().map(mapper::toResponse).toList();
        return Response.ok(items).header("X-Total-Count", result.total()).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed(READ)
    @Operation(summary = "Get one credential; secret fields are answered as ****")
    public CredentialResponse get(@PathParam("id") String id) {
        return mapper.toResponse(service.get(workspace(), id));
    }

    @PUT
    @Path("{id}")
    @RolesAllowed(WRITE)
    @Operation(summary = "Replace name and config; the type cannot change; a secret sent as **** keeps its stored value")
    public CredentialResponse update(@PathParam("id") String id, CredentialRequest request) {
        CredentialRequest body = required(request);
        return mapper.toResponse(service.update(workspace(), id, body.name(), body.type(), body.config()));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(WRITE)
    @Operation(summary = "Delete a credential; 409 while an active flow uses it, 503 (nothing deleted) when flow-service cannot say")
    public Response delete(@PathParam("id") String id) {
        service.delete(workspace(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/verify")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(WRITE)
    @Operation(summary = "Check the credential against its system (the connector's verify call for connector types)")
    public VerifyResponse verify(@PathParam("id") String id) {
        return mapper.toResponse(service.verify(workspace(), id));
    }

    private String workspace() {
        return caller.workspace();
    }

    private static CredentialRequest required(CredentialRequest request) {
        if (request == null) {
            throw new CredentialValidationException("a JSON body with name, type and config is required");
        }
        return request;
    }

    private static int number(String name, String value, int defaultValue, int min, int max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new CredentialValidationException(max == Integer.MAX_VALUE
                ? name + " must be a whole number of at least " + min
                : name + " must be a whole number between " + min + " and " + max);
    }
}
