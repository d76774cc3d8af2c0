package io.hookflow.platform;

import io.quarkus.logging.Log;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;
import java.util.Set;

/**
 * The one check of every internal endpoint ({@link InternalCallers}): the bearer token must be a valid service token
 * (verified by the service's OIDC tenant for {@code /internal/*}, audience {@link ServiceIdentity#AUDIENCE}) of one of
 * the services the endpoint names. Answers 401 for no, a bad or a non-service token, 403 for a service not named.
 */
public class InternalCallersFilter {

    private final CurrentIdentityAssociation identities;
    private final InternalCaller caller;

    InternalCallersFilter(CurrentIdentityAssociation identities, InternalCaller caller) {
        this.identities = identities;
        this.caller = caller;
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    public Uni<Response> check(ResourceInfo resource, ContainerRequestContext request) {
        InternalCallers allowed = allowedCallers(resource);
        if (allowed == null) {
            return Uni.createFrom().nullItem();
        }
        String path = request.getUriInfo().getPath();
        return identities.getDeferredIdentity()
                .map(identity -> decide(identity, Set.of(allowed.value()), path))
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("refused internal call to %s: the bearer token is not valid (%s)", path,
                            failure.getClass().getSimpleName());
                    return unauthorized();
                });
    }

    private Response decide(SecurityIdentity identity, Set<String> allowed, String path) {
        Optional<String> service = identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)
                ? Optional.empty()
                : ServiceIdentity.callerOf(token.getAudience(), token.getClaim("azp"));
        if (service.isEmpty()) {
            Log.warnf("refused internal call to %s: no service token", path);
            return unauthorized();
        }
        if (!allowed.contains(service.get())) {
            Log.warnf("refused internal call to %s from %s: not one of its callers %s", path, service.get(), allowed);
            return error(Response.Status.FORBIDDEN, "This internal endpoint does not answer " + service.get() + ".");
        }
        caller.set(service.get());
        return null;
    }

    private static InternalCallers allowedCallers(ResourceInfo resource) {
        if (resource == null || resource.getResourceMethod() == null) {
            return null;
        }
        InternalCallers onMethod = resource.getResourceMethod().getAnnotation(InternalCallers.class);
        return onMethod != null ? onMethod : resource.getResourceClass().getAnnotation(InternalCallers.class);
    }

    private static Response unauthorized() {
        Response response = error(Response.Status.UNAUTHORIZED,
                "An internal call needs a valid service token (Authorization: Bearer).");
        return Response.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorResponse(message)).build();
    }

}
