package io.hookflow.dev.petstore.config;

import io.smallrye.config.ConfigMapping;

/** Configuration of the demo Petstore API under the {@code petstore} prefix. */
@ConfigMapping(prefix = "petstore")
public interface PetstoreConfig {

    /** The value every request must carry in the {@code api-key} header. */
    String apiKey();
}
