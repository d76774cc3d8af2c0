package io.hookflow.dev.petstore.service;

/** Thrown when a pet id is unknown. */
public class PetNotFoundException extends RuntimeException {

    public PetNotFoundException(long id) {
        super("Pet " + id + " does not exist");
    }
}
