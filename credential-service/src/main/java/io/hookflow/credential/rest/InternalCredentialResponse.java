package io.hookflow.credential.rest;

import java.util.Map;

/** A credential for internal callers (ingress, executor): every config field, secrets decrypted. */
public record InternalCredentialResponse(String id, String workspace, String type, Map<String, Object> config) {

    @Override
    public String toString() {
        return "InternalCredentialResponse[id=" + id + ", workspace=" + workspace + ", type=" + type + ", config=****]";
    }
}
