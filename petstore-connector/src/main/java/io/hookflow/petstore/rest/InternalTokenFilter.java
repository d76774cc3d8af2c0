package io.hookflow.petstore.rest;

import io.hookflow.petstore.config.InternalConfig;
import io.vertx.core.http.HttpServerRequest;
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

    // Reads the header from the Vert.x request: ContainerRequestContext.getHeaderString copies every header first.
    @ServerRequestFilter(preMatching = true)
    public Response checkToken(HttpServerRequest request) {
        String given = request.getHeader(HEADER);
        if (given != null && MessageDigest.isEqual(expectedToken, given.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        return Response.status(Response.Status.UNAUTHORIZED)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorResponse("Missing or wrong " + HEADER + " header"))
                .build();
    }
}
