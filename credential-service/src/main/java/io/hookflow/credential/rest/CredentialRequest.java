package io.hookflow.credential.rest;

import com.fasterxml.jackson.databind.JsonNode;

/** Body of POST and PUT {@code /api/v1/credentials}; the config is checked against the type's fields. */
public record CredentialRequest(String name, String type, JsonNode config) {

    @Override
    public String toString() {
        return "CredentialRequest[name=" + name + ", type=" + type + ", config=****]";
    }
}
