package io.hookflow.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * Validates any rendered object strictly against its schema: built-in kinds with the fabric8 model
 * ({@link CoreModelValidator}), custom resources with the vendored CRD schema in {@code crd-schemas/<group>/<Kind>.json}
 * ({@link StructuralSchemaValidator}). A kind with neither fails: nothing passes unchecked.
 */
final class ManifestValidator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Optional<JsonNode>> SCHEMAS = new ConcurrentHashMap<>();

    private ManifestValidator() {
    }

    static List<String> validate(Manifest manifest) {
        if (manifest.apiVersion().isEmpty() || manifest.kind().isEmpty() || manifest.name().isEmpty()) {
            return List.of(manifest.id() + ": apiVersion, kind and metadata.name are required");
        }
        if (CoreModelValidator.knows(manifest.apiVersion(), manifest.kind())) {
            return CoreModelValidator.validate(manifest);
        }
        Optional<JsonNode> crd = schema(manifest.apiVersion(), manifest.kind());
        if (crd.isEmpty()) {
            return List.of(manifest.id() + ": no schema for " + manifest.apiVersion() + " " + manifest.kind()
                    + " (neither a fabric8 model on the class path nor crd-schemas/" + group(manifest.apiVersion()) + "/"
                    + manifest.kind() + ".json for this version)");
        }
        List<String> problems = new ArrayList<>();
        // A CRD's schema leaves metadata to the API server, which checks it as ObjectMeta.
        problems.addAll(CoreModelValidator.validate(manifest.id(), manifest.node().path("metadata"), ObjectMeta.class, "metadata"));
        for (String problem : StructuralSchemaValidator.validate(crd.get(), manifest.node(), "")) {
            problems.add(manifest.id() + ": " + problem);
        }
        return problems;
    }

    /** The openAPIV3Schema vendored for exactly this apiVersion and kind, if any. */
    static Optional<JsonNode> schema(String apiVersion, String kind) {
        return SCHEMAS.computeIfAbsent(apiVersion + " " + kind, key -> {
            String resource = "/crd-schemas/" + group(apiVersion) + "/" + kind + ".json";
            try (InputStream in = ManifestValidator.class.getResourceAsStream(resource)) {
                if (in == null) {
                    return Optional.empty();
                }
                JsonNode file = JSON.readTree(in);
                if (!file.path("apiVersion").asText().equals(apiVersion)) {
                    return Optional.empty();
                }
                // metadata is checked as ObjectMeta (validate); here it only has to be an object.
                ObjectNode schema = (ObjectNode) file.get("schema");
                schema.withObjectProperty("properties").set("metadata", JSON.createObjectNode()
                        .put("type", "object").put("x-kubernetes-preserve-unknown-fields", true));
                return Optional.of(schema);
            } catch (IOException e) {
                throw new IllegalStateException("Reading " + resource + ": " + e.getMessage(), e);
            }
        });
    }

    private static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "core" : apiVersion.substring(0, slash);
    }
}
