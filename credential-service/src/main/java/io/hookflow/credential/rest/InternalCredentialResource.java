package io.hookflow.credential.rest;

import io.hookflow.credential.Credential;
import io.hookflow.credential.CredentialType;
import io.hookflow.credential.mapping.CredentialMapper;
import io.hookflow.credential.service.CredentialService;
import io.hookflow.platform.InternalCaller;
import io.hookflow.platform.InternalCallerRefusedException;
import io.hookflow.platform.InternalCallers;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Internal fetch of credentials for the other services (docs/internal-api.md). Outside the admin API's OIDC: each
 * method names the services whose tokens it takes ({@link InternalCallers}), and decrypted material goes only to the
 * service that uses it: ingress reads webhook credentials, the executor connectors' credentials.
 */
@Path("/internal/credentials")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
@Tag(name = "Internal")
public class InternalCredentialResource {

    private final CredentialService service;
    private final CredentialMapper mapper;
    private final InternalCaller caller;

    public InternalCredentialResource(CredentialService service, CredentialMapper mapper, InternalCaller caller) {
        this.service = service;
        this.mapper = mapper;
        this.caller = caller;
    }

    @GET
    @Path("{id}")
    @InternalCallers({"ingress", "executor"})
    @Operation(summary = "A credential with every config field, secrets decrypted (service token of ingress: webhook"
            + " credentials; of the executor: connector credentials)")
    public InternalCredentialResponse get(@PathParam("id") String id) {
        Credential credential = service.getForInternalUse(id);
        boolean webhook = CredentialType.fromWireName(credential.type).map(CredentialType::webhook).orElse(false);
        if (caller.is("ingress") && !webhook) {
            throw new InternalCallerRefusedException("Ingress may read webhook credentials only.");
        }
        if (caller.is("executor") && webhook) {
            throw new InternalCallerRefusedException("The executor may read connector credentials only.");
        }
        return mapper.toInternal(credential);
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
