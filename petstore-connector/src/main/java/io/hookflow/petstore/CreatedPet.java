package io.hookflow.petstore;

/** The output of the {@code createPet} action. */
public record CreatedPet(Long id, String name, String status) {
}
