package io.hookflow.flow.rest;

import io.hookflow.flow.config.InternalConfig;
import io.hookflow.flow.mapping.FlowMapper;
import io.hookflow.flow.service.FlowService;
import io.hookflow.flow.service.InvalidRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Internal API for other services (published versions, credential use), guarded by the shared internal token. */
@Path("/internal/flows")
@Produces(MediaType.APPLICATION_JSON)
public class InternalFlowResource {

    static final String TOKEN_HEADER = "X-Hookflow-Internal-Token";

    private final FlowService service;
    private final FlowMapper mapper;
    private final byte[] token;

    public InternalFlowResource(FlowService service, FlowMapper mapper, InternalConfig config) {
        this.service = service;
        this.mapper = mapper;
        this.token = config.internalToken().getBytes(StandardCharsets.UTF_8);
    }

    @GET
    @Path("{flowId}/versions/{version}")
    public InternalVersionResponse version(@HeaderParam(TOKEN_HEADER) String presented,
                                           @PathParam("flowId") String flowId,
                                           @PathParam("version") String version) {
        requireToken(presented);
        FlowService.Versioned found = service.internalVersion(flowId, FlowResource.versionNumber(flowId, version));
        return mapper.toInternal(found.flow(), found.version());
    }

    /** For credential-service, which refuses to delete a credential that an active flow's live version uses. */
    @GET
    @Path("using-credential/{credentialId}")
    public CredentialUsageResponse usingCredential(@HeaderParam(TOKEN_HEADER) String presented,
                                                   @PathParam("credentialId") String credentialId,
                                                   @QueryParam("workspace") String workspace) {
        requireToken(presented);
        if (workspace == null || workspace.isBlank()) {
            throw new InvalidRequestException("the query parameter workspace is required");
        }
        return mapper.toCredentialUsage(credentialId, service.activeUsingCredential(workspace, credentialId));
    }

    private void requireToken(String presented) {
        if (presented == null || !MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            throw new InvalidInternalTokenException("missing or wrong " + TOKEN_HEADER + " header");
        }
    }
}
