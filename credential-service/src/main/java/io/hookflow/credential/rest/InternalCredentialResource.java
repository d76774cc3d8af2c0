package io.hookflow.credential.rest;

import io.hookflow.credential.Credential;
import io.hookflow.credential.CredentialType;
import io.hookflow.credential.FlowScope;
import io.hookflow.credential.mapping.CredentialMapper;
import io.hookflow.credential.service.CredentialService;
import io.hookflow.credential.service.CredentialValidationException;
import io.hookflow.credential.service.FlowScopeCheck;
import io.hookflow.platform.InternalCaller;
import io.hookflow.platform.InternalCallerRefusedException;
import io.hookflow.platform.InternalCallers;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Internal fetch of credentials for the other services (docs/internal-api.md). Outside the admin API's OIDC: each
 * method names the services whose tokens it takes ({@link InternalCallers}), and decrypted material goes only to the
 * service that uses it: ingress reads webhook credentials, the executor connectors' credentials, and only those of the
 * flow version (or the draft) it names, as flow-service tells ({@link FlowScopeCheck}).
 */
@Path("/internal/credentials")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
@Tag(name = "Internal")
public class InternalCredentialResource {

    private final CredentialService service;
    private final CredentialMapper mapper;
    private final InternalCaller caller;
    private final FlowScopeCheck scopes;

    public InternalCredentialResource(CredentialService service, CredentialMapper mapper, InternalCaller caller,
                                      FlowScopeCheck scopes) {
        this.service = service;
        this.mapper = mapper;
        this.caller = caller;
        this.scopes = scopes;
    }

    @GET
    @Path("{id}")
    @InternalCallers({"ingress", "executor"})
    @Operation(summary = "A credential with every config field, secrets decrypted (service token of ingress: webhook"
            + " credentials; of the executor: connector credentials of the flow version, or draft, it names)")
    public InternalCredentialResponse get(@PathParam("id") String id, @QueryParam("flowId") String flowId,
                                          @QueryParam("version") String version, @QueryParam("draft") String draft) {
        FlowScope scope = caller.is("executor") ? scope(id, flowId, version, draft) : null;
        Credential credential = service.getForInternalUse(id);
        boolean webhook = CredentialType.fromWireName(credential.type).map(CredentialType::webhook).orElse(false);
        if (caller.is("ingress") && !webhook) {
            throw new InternalCallerRefusedException("Ingress may read webhook credentials only.");
        }
        if (caller.is("executor")) {
            if (webhook) {
                throw new InternalCallerRefusedException("The executor may read connector credentials only.");
            }
            scopes.requireReferenced(credential, scope);
        }
        return mapper.toInternal(credential);
    }

    /** The flow the executor reads for: {@code flowId} with {@code version=N}, or with {@code draft=true}. */
    private static FlowScope scope(String id, String flowId, String version, String draft) {
        boolean isDraft = "true".equals(draft);
        // exactly one of the two: a version and a draft at once, or neither, names no flow to check against
        if (flowId == null || flowId.isBlank() || (version != null) == isDraft) {
            throw new CredentialValidationException("The executor reads credential " + id + " for a flow: send flowId"
                    + " and either version (a published version it runs) or draft=true (a trial run)");
        }
        if (isDraft) {
            return FlowScope.draft(flowId);
        }
        try {
            int number = Integer.parseInt(version);
            if (number < 1) {
                throw new NumberFormatException();
            }
            return FlowScope.version(flowId, number);
        } catch (NumberFormatException e) {
            throw new CredentialValidationException("version must be a positive whole number");
        }
    }

    @GET
    @Path("{id}/summary")
    @InternalCallers("flow")
    @Operation(summary = "A credential's workspace, name and type, without its config (service token of flow-service)")
    public CredentialSummaryResponse summary(@PathParam("id") String id) {
        Credential credential = service.getForInternalUse(id);
        return new CredentialSummaryResponse(credential.id, credential.workspace, credential.name, credential.type);
    }
}
