package io.hookflow.petstore.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Where the Petstore API answers and how long a call to it may take, under the {@code petstore} prefix. */
@ConfigMapping(prefix = "petstore")
public interface PetstoreConfig {

    /** Base URL of the Petstore API, e.g. {@code http://localhost:8090}. */
    String baseUrl();

    /** How long opening a connection to the Petstore may take. */
    @WithDefault("3s")
    Duration connectTimeout();

    /** How long a call may go without a byte of the answer; past it the call fails as timed out. */
    @WithDefault("10s")
    Duration readTimeout();

    /** Keep-alive connections to the Petstore: at least the calls the executor makes at once, so none waits. */
    @WithDefault("64")
    int maxConnections();
}
