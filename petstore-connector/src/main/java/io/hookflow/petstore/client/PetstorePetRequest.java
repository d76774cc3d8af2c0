package io.hookflow.petstore.client;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Body of the Petstore's {@code POST /v2/pet}; a null status is left out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PetstorePetRequest(String name, String status) {
}
