package io.hookflow.flow.config;

import io.smallrye.config.ConfigMapping;

/** Platform-wide settings shared by every service, under {@code hookflow.*}. */
@ConfigMapping(prefix = "hookflow")
public interface InternalConfig {

    /** The shared token that internal callers send in {@code X-Hookflow-Internal-Token}. */
    String internalToken();
}
