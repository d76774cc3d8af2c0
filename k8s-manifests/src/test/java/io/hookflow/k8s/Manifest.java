package io.hookflow.k8s;

import com.fasterxml.jackson.databind.JsonNode;

/** One rendered object: its apiVersion, kind and name, and the whole document. */
record Manifest(String apiVersion, String kind, String name, JsonNode node) {

    static Manifest of(JsonNode node) {
        return new Manifest(node.path("apiVersion").asText(""), node.path("kind").asText(""),
                node.path("metadata").path("name").asText(""), node);
    }

    /** How a failure names the object, e.g. {@code Deployment ingress-service}. */
    String id() {
        return kind + " " + name;
    }

    JsonNode spec() {
        return node.path("spec");
    }
}
