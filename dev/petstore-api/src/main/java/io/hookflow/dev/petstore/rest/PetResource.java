package io.hookflow.dev.petstore.rest;

import io.hookflow.dev.petstore.Pet;
import io.hookflow.dev.petstore.service.InvalidPetException;
import io.hookflow.dev.petstore.service.PetService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The pet endpoints of the Petstore API ({@code /v2/pet}). Creating and reading one pet only touch memory, so they
 * run on the event loop, without the hand-off to a worker thread; the lists walk every pet and stay on a worker.
 */
@Path("/v2/pet")
@Produces(MediaType.APPLICATION_JSON)
public class PetResource {

    private final PetService pets;

    public PetResource(PetService pets) {
        this.pets = pets;
    }

    @POST
    @NonBlocking
    @Consumes(MediaType.APPLICATION_JSON)
    public Pet create(@HeaderParam("Idempotency-Key") String idempotencyKey, PetRequest request) {
        if (request == null) {
            throw new InvalidPetException("A JSON body with field 'name' is required");
        }
        return pets.create(request.name(), request.status(), idempotencyKey);
    }

    @GET
    @Blocking
    public List<Pet> all() {
        return pets.all();
    }

    @GET
    @Blocking
    @Path("/findByStatus")
    public List<Pet> findByStatus(@QueryParam("status") String status) {
        return pets.findByStatus(status);
    }

    @GET
    @NonBlocking
    @Path("/{id: [0-9]+}")
    public Pet get(@PathParam("id") long id) {
        return pets.get(id);
    }
}
