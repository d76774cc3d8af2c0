package io.hookflow.petstore.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The Petstore API as seen by the connector; only {@link PetstoreClient} uses it. */
@RegisterRestClient(configKey = "petstore")
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
interface PetstoreApi {

    @GET
    @Path("/user/me")
    PetstoreUser currentUser(@HeaderParam("api-key") String apiKey);

    @POST
    @Path("/pet")
    @Consumes(MediaType.APPLICATION_JSON)
    PetstorePet createPet(@HeaderParam("api-key") String apiKey,
            @HeaderParam("Idempotency-Key") String idempotencyKey, PetstorePetRequest pet);
}
