package io.hookflow.executor.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/** A credential with its decrypted config, as credential-service answers it on its internal API. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CredentialMaterial(String id, String workspace, String type, JsonNode config) {

    /** Never prints the config: it holds secrets in clear. */
    @Override
    public String toString() {
        return "CredentialMaterial[id=" + id + ", workspace=" + workspace + ", type=" + type + ", config=****]";
    }
}
