package io.hookflow.credential.rest;

import io.hookflow.credential.service.CredentialInUseException;
import io.hookflow.credential.service.CredentialNotFoundException;
import io.hookflow.credential.service.CredentialValidationException;
import io.hookflow.credential.service.FlowServiceUnavailableException;
import io.hookflow.credential.service.SecretDecryptionException;
import io.hookflow.platform.PlatformErrorMappers;
import io.quarkus.logging.Log;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * credential-service's own exceptions as {@code {"error": "..."}}, with messages built to be shown; the framework's
 * (tokens, roles, unreadable JSON, unknown paths, anything unexpected) are answered by platform-support's
 * {@link PlatformErrorMappers}.
 */
public class ErrorMapper {

    @ServerExceptionMapper
    public Response validation(CredentialValidationException e) {
        return PlatformErrorMappers.error(400, e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(CredentialNotFoundException e) {
        return PlatformErrorMappers.error(404, e.getMessage());
    }

    @ServerExceptionMapper
    public Response inUse(CredentialInUseException e) {
        return PlatformErrorMappers.error(409, e.getMessage());
    }

    @ServerExceptionMapper
    public Response flowServiceUnavailable(FlowServiceUnavailableException e) {
        return Response.fromResponse(PlatformErrorMappers.error(503, e.getMessage()))
                .header(HttpHeaders.RETRY_AFTER, FlowServiceUnavailableException.RETRY_AFTER_SECONDS).build();
    }

    @ServerExceptionMapper
    public Response undecryptable(SecretDecryptionException e) {
        // the message names the credential and the key id (never key material); the caller learns nothing more
        Log.errorf("%s", e.getMessage());
        return PlatformErrorMappers.error(500, PlatformErrorMappers.messageFor(500));
    }
}
