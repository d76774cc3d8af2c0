package io.hookflow.petstore.rest;

import io.hookflow.petstore.config.InternalConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Admits only internal callers: every request must carry the shared {@code X-Hookflow-Internal-Token}. */
public class InternalTokenFilter {

    static final String HEADER = "X-Hookflow-Internal-Token";

    private final byte[] expectedToken;

    public InternalTokenFilter(InternalConfig config) {
        this.expectedToken = config.internalToken().getBytes(StandardCharsets.UTF_8);
    }

    @ServerRequestFilter(preMatching = true)
    public Response checkToken(ContainerRequestContext context) {
        String given = context.getHeaderString(HEADER);
        if (given != null && MessageDigest.isEqual(expectedToken, given.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        return Response.status(Response.Status.UNAUTHORIZED)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorResponse("Missing or wrong " + HEADER + " header"))
                .build();
    }
}
