package io.hookflow.dev.petstore.rest;

import io.hookflow.dev.petstore.Pet;
import io.hookflow.dev.petstore.service.InvalidPetException;
import io.hookflow.dev.petstore.service.PetService;
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

/** The pet endpoints of the Petstore API ({@code /v2/pet}). */
@Path("/v2/pet")
@Produces(MediaType.APPLICATION_JSON)
public class PetResource {

    private final PetService pets;

    public PetResource(PetService pets) {
        this.pets = pets;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Pet create(@HeaderParam("Idempotency-Key") String idempotencyKey, PetRequest request) {
        if (request == null) {
            throw new InvalidPetException("A JSON body with field 'name' is required");
        }
        return pets.create(request.name(), request.status(), idempotencyKey);
    }

    @GET
    public List<Pet> all() {
        return pets.all();
    }

    @GET
    @Path("/findByStatus")
    public List<Pet> findByStatus(@QueryParam("status") String status) {
        return pets.findByStatus(status);
    }

    @GET
    @Path("/{id: [0-9]+}")
    public Pet get(@PathParam("id") long id) {
        return pets.get(id);
    }
}
