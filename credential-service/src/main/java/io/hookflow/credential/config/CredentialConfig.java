package io.hookflow.credential.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;

/** The credential-service's own settings: the master encryption key and the connector base URLs. */
@ConfigMapping(prefix = "credential")
public interface CredentialConfig {

    /** How secret fields are encrypted at rest. */
    Encryption encryption();

    /** Connector base URL per credential type that a connector verifies (e.g. {@code petstore}). */
    Map<String, String> connectors();

    /** The AES-256-GCM master key and the id stored beside every ciphertext it produced. */
    interface Encryption {

        /** Base64 of exactly 32 random bytes. */
        String key();

        /** Written to {@code key_id} next to each ciphertext so the key can be rotated later. */
        @WithDefault("k1")
        String keyId();
    }
}
