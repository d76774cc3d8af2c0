package io.hookflow.credential.rest;

import io.quarkus.logging.Log;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Lets a request to an {@link InternalApi} resource through only with the shared internal token. */
@Provider
@InternalApi
@Priority(Priorities.AUTHENTICATION)
public class InternalTokenFilter implements ContainerRequestFilter {

    static final String HEADER = "X-Hookflow-Internal-Token";

    private final byte[] expectedDigest;

    public InternalTokenFilter(@ConfigProperty(name = "hookflow.internal-token") String internalToken) {
        this.expectedDigest = sha256(internalToken);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String presented = request.getHeaderString(HEADER);
        // comparing fixed-length digests keeps the comparison constant-time whatever the token's length
        if (presented == null || !MessageDigest.isEqual(expectedDigest, sha256(presented))) {
            Log.warnf("refused internal call to %s: %s header missing or wrong",
                    request.getUriInfo().getPath(), HEADER);
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .type(MediaType.APPLICATION_JSON)
                    .entity(new ErrorResponse("the " + HEADER + " header is missing or wrong"))
                    .build());
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
