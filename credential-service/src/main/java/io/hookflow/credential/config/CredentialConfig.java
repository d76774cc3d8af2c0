package io.hookflow.credential.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;
import java.util.Optional;

/**
 * The credential-service's own settings: the master encryption keys, the connectors and their time budget, the cache of
 * flow versions' credentials.
 */
@ConfigMapping(prefix = "credential")
public interface CredentialConfig {

    /** How secret fields are encrypted at rest. */
    Encryption encryption();

    /** Connector base URL per credential type that a connector verifies (e.g. {@code petstore}). */
    Map<String, String> connectors();

    /**
     * How long a connector's verify call may take in all (connect, send, answer). The admin API promises an
     * answer within 30 s, so it must stay at most 25.
     */
    @WithDefault("25")
    int verifyTimeoutSeconds();

    /**
     * How many published flow versions' credential lists (flow-service's answers) are kept: versions never change, so
     * an answer holds for good; the least recently used goes first when full.
     */
    @WithDefault("5000")
    int flowVersionCacheSize();

    /** The AES-256-GCM master keys and the id stored beside every ciphertext. */
    interface Encryption {

        /** The current key, which encrypts everything new: base64 of exactly 32 random bytes. */
        String key();

        /** The current key's id, written to {@code key_id} next to each ciphertext it produces. */
        @WithDefault("k1")
        String keyId();

        /**
         * Former keys, comma-separated {@code <keyId>:<base64 key>}: they only decrypt rows still stored under
         * them, which are re-encrypted with the current key at startup.
         */
        Optional<String> retiredKeys();

        /** How many rows one transaction re-encrypts at startup. */
        @WithDefault("100")
        int rotationBatchSize();
    }
}
