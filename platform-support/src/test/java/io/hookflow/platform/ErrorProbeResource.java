package io.hookflow.platform;

import io.quarkus.oidc.OIDCException;
import io.quarkus.security.Authenticated;
import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** Endpoints that fail the ways a service's endpoints fail, for {@link ErrorMappersTest}. */
@Path("/probe")
@Produces(MediaType.APPLICATION_JSON)
public class ErrorProbeResource {

    public record Pet(String name, int age, List<Integer> scores) {
    }

    @GET
    @Path("/secret")
    @Authenticated
    public String secret() {
        return "{}";
    }

    @POST
    @Path("/pets")
    @Consumes(MediaType.APPLICATION_JSON)
    public Pet create(Pet pet) {
        return pet;
    }

    @GET
    @Path("/boom")
    public String boom() {
        throw new IllegalStateException("connection to db-7.internal:5432 failed for user hookflow_admin");
    }

    @GET
    @Path("/busy")
    public String busy() {
        throw new WebApplicationException(Response.status(503).header("Retry-After", "30").build());
    }

    @GET
    @Path("/identity-provider")
    public String identityProviderDown() {
        throw new OIDCException("discovery of http://keycloak:8180/realms/hookflow failed");
    }

    @GET
    @Path("/forbidden")
    public String forbidden() {
        throw new ForbiddenException();
    }

    /** A service's own answer for a type the platform maps too. */
    public static class ServiceErrorMapper {

        @ServerExceptionMapper(priority = PlatformErrorMappers.OVERRIDE)
        public Response forbidden(ForbiddenException e) {
            return PlatformErrorMappers.error(403, "This service answers its own 403");
        }
    }

    /** A service's mapper for a type the platform maps, with a weaker priority (a higher number): it never answers. */
    public static class WeakerErrorMapper {

        @ServerExceptionMapper(priority = PlatformErrorMappers.PRIORITY + 1)
        public Response framework(WebApplicationException e) {
            return PlatformErrorMappers.error(418, "A weaker mapper answered");
        }
    }
}
