package io.hookflow.dev.petstore.rest;

import io.hookflow.dev.petstore.config.PetstoreConfig;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Rejects every API request whose {@code api-key} header is missing or wrong with 401. */
public class ApiKeyFilter {

    private final List<byte[]> expectedKeys;

    public ApiKeyFilter(PetstoreConfig config) {
        this.expectedKeys = config.apiKeys().stream().map(k -> k.strip().getBytes(StandardCharsets.UTF_8)).toList();
    }

    // Reads the header from the Vert.x request: ContainerRequestContext.getHeaderString copies every header first.
    @ServerRequestFilter(preMatching = true)
    public Response checkApiKey(HttpServerRequest request) {
        String given = request.getHeader("api-key");
        if (given != null && matches(given.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        String message = given == null ? "Header 'api-key' is required" : "The API key is not valid";
        return Response.status(Response.Status.UNAUTHORIZED)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorResponse(message))
                .build();
    }

    // Every key is compared, so the time taken does not tell which one came close.
    private boolean matches(byte[] given) {
        boolean match = false;
        for (byte[] expected : expectedKeys) {
            match |= MessageDigest.isEqual(expected, given);
        }
        return match;
    }
}
