package io.hookflow.executor.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.executor.event.InstantJson;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The application's ObjectMapper reads and writes instants with {@link InstantJson} (same text as Jackson's own
 * Java time module, without its formatter cost). Registered after Quarkus' modules, so it takes precedence.
 */
@Singleton
public class JacksonConfig implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(InstantJson.module());
    }

    @Override
    public int priority() {
        // customizers run from the highest priority down: run last
        return MINIMUM_PRIORITY;
    }
}
