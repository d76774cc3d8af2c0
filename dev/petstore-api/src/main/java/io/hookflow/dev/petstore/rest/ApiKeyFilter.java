package io.hookflow.dev.petstore.rest;

import io.hookflow.dev.petstore.config.PetstoreConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Rejects every API request whose {@code api-key} header is missing or wrong with 401. */
public class ApiKeyFilter {

    private final byte[] expectedKey;

    public ApiKeyFilter(PetstoreConfig config) {
        this.expectedKey = config.apiKey().getBytes(StandardCharsets.UTF_8);
    }

    @ServerRequestFilter(preMatching = true)
    public Response checkApiKey(ContainerRequestContext context) {
        String given = context.getHeaderString("api-key");
        if (given != null && MessageDigest.isEqual(expectedKey, given.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        String message = given == null ? "Header 'api-key' is required" : "The API key is not valid";
        return Response.status(Response.Status.UNAUTHORIZED)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorResponse(message))
                .build();
    }
}
