package io.hookflow.dev.petstore.rest;

/** Body of {@code POST /v2/pet}. */
public record PetRequest(String name, String status) {
}
