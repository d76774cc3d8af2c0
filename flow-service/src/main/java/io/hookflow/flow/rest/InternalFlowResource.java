package io.hookflow.flow.rest;

import io.hookflow.flow.mapping.FlowMapper;
import io.hookflow.flow.service.FlowService;
import io.hookflow.flow.service.InvalidRequestException;
import io.hookflow.platform.InternalCallers;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Internal API for other services (published versions, the credentials a version or its draft references, credential
 * use). Each method names the services whose tokens it takes; {@link InternalCallers} is checked by platform-support
 * before the method runs.
 */
@Path("/internal/flows")
@Produces(MediaType.APPLICATION_JSON)
public class InternalFlowResource {

    private final FlowService service;
    private final FlowMapper mapper;

    public InternalFlowResource(FlowService service, FlowMapper mapper) {
        this.service = service;
        this.mapper = mapper;
    }

    /** For the executor, which runs a webhook with the flow version it names. */
    @GET
    @Path("{flowId}/versions/{version}")
    @InternalCallers("executor")
    public InternalVersionResponse version(@PathParam("flowId") String flowId,
                                           @PathParam("version") String version) {
        FlowService.Versioned found = service.internalVersion(flowId, FlowResource.versionNumber(flowId, version));
        return mapper.toInternal(found.flow(), found.version());
    }

    /**
     * For credential-service, which hands the executor a credential only for a flow version whose steps reference it.
     */
    @GET
    @Path("{flowId}/versions/{version}/credentials")
    @InternalCallers("credential")
    public FlowCredentialsResponse versionCredentials(@PathParam("flowId") String flowId,
                                                      @PathParam("version") String version) {
        FlowService.Versioned found = service.internalVersion(flowId, FlowResource.versionNumber(flowId, version));
        return mapper.toCredentials(found.flow(), found.version());
    }

    /** For credential-service, which hands the executor a draft step's credential for the designer's trial run. */
    @GET
    @Path("{flowId}/draft/credentials")
    @InternalCallers("credential")
    public FlowCredentialsResponse draftCredentials(@PathParam("flowId") String flowId) {
        return mapper.toDraftCredentials(service.internalFlow(flowId));
    }

    /** For credential-service, which refuses to delete a credential that an active flow's live version uses. */
    @GET
    @Path("using-credential/{credentialId}")
    @InternalCallers("credential")
    public CredentialUsageResponse usingCredential(@PathParam("credentialId") String credentialId,
                                                   @QueryParam("workspace") String workspace) {
        if (workspace == null || workspace.isBlank()) {
            throw new InvalidRequestException("the query parameter workspace is required");
        }
        return mapper.toCredentialUsage(credentialId, service.activeUsingCredential(workspace, credentialId));
    }
}
