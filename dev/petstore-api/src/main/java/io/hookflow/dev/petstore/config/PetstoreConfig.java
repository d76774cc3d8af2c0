package io.hookflow.dev.petstore.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.util.List;

/** Configuration of the demo Petstore API under the {@code petstore} prefix. */
@ConfigMapping(prefix = "petstore")
public interface PetstoreConfig {

    /**
     * The keys a request may carry in the {@code api-key} header, comma-separated in configuration: the
     * demo's documented {@code secret}, plus any the local command generates (e.g. for the tests).
     */
    @WithName("api-key")
    List<String> apiKeys();

    /** How many pets the store keeps; beyond it, the oldest is forgotten for each new one. */
    @WithName("max-pets")
    @WithDefault("100000")
    int maxPets();

    /** How many idempotency keys the store remembers; beyond it, the oldest is forgotten for each new one. */
    @WithName("max-idempotency-keys")
    @WithDefault("100000")
    int maxIdempotencyKeys();
}
