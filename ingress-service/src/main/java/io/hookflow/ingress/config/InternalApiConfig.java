package io.hookflow.ingress.config;

import io.smallrye.config.ConfigMapping;

/** The shared token that authenticates calls to other services' internal endpoints. */
@ConfigMapping(prefix = "hookflow")
public interface InternalApiConfig {

    /** Sent as {@code X-Hookflow-Internal-Token}; never logged. */
    String internalToken();
}
