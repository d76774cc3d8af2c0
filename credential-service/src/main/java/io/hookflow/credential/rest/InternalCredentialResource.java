package io.hookflow.credential.rest;

import io.hookflow.credential.Credential;
import io.hookflow.credential.mapping.CredentialMapper;
import io.hookflow.credential.service.CredentialService;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Internal fetch of decrypted credential material for ingress and executor (docs/internal-api.md).
 * Outside OIDC: {@link InternalTokenFilter} checks the shared internal token instead.
 */
@Path("/internal/credentials")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
@InternalApi
@Tag(name = "Internal")
public class InternalCredentialResource {

    private final CredentialService service;
    private final CredentialMapper mapper;

    public InternalCredentialResource(CredentialService service, CredentialMapper mapper) {
        this.service = service;
        this.mapper = mapper;
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A credential with every config field, secrets decrypted (header X-Hookflow-Internal-Token)")
    public InternalCredentialResponse get(@PathParam("id") String id) {
        return mapper.toInternal(service.getForInternalUse(id));
    }

    @GET
    @Path("{id}/summary")
    @Operation(summary = "A credential's workspace, name and type, without its config (header X-Hookflow-Internal-Token)")
    public CredentialSummaryResponse summary(@PathParam("id") String id) {
        Credential credential = service.getForInternalUse(id);
        return new CredentialSummaryResponse(credential.id, credential.workspace, credential.name, credential.type);
    }
}
