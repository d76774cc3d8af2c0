package io.hookflow.petstore.client;

/** A pet as the Petstore answers it. */
public record PetstorePet(Long id, String name, String status) {
}
