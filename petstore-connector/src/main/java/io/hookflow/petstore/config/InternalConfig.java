package io.hookflow.petstore.config;

import io.smallrye.config.ConfigMapping;

/** Platform-wide settings under the {@code hookflow} prefix. */
@ConfigMapping(prefix = "hookflow")
public interface InternalConfig {

    /** The shared token every internal call must carry in {@code X-Hookflow-Internal-Token}. */
    String internalToken();
}
