package io.hookflow.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Renders a folder of k8s/ the way k8s/README.md deploys it: {@code kubectl kustomize --load-restrictor
 * LoadRestrictionsNone}. Each folder is rendered once per test JVM.
 */
final class Kustomize {

    /** The repository root: the tests run in k8s-manifests/. */
    static final Path REPO = Path.of("").toAbsolutePath().getParent();

    private static final Map<String, List<Manifest>> RENDERED = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    /** The objects of {@code k8s/<folder>}, in the order kubectl prints them. */
    static List<Manifest> render(String folder) {
        return RENDERED.computeIfAbsent(folder, Kustomize::run);
    }

    static List<Manifest> parse(String yaml) {
        // The realm and the dashboards are long strings; SnakeYAML's default cap (3 MB for a whole stream) is near.
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(64 * 1024 * 1024);
        ObjectMapper mapper = new YAMLMapper(YAMLFactory.builder().loaderOptions(options).build())
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        List<Manifest> manifests = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = mapper.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    manifests.add(Manifest.of(document));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("The rendered YAML does not parse: " + e.getMessage(), e);
        }
        return manifests;
    }

    private static List<Manifest> run(String folder) {
        Path dir = REPO.resolve("k8s").resolve(folder);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("No folder " + dir);
        }
        String kubectl = System.getenv().getOrDefault("KUBECTL", "kubectl");
        List<String> command = List.of(kubectl, "kustomize", "--load-restrictor", "LoadRestrictionsNone", dir.toString());
        Process process;
        Path stderr;
        try {
            stderr = Files.createTempFile("kustomize", ".err");
            process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run '" + kubectl + "' (" + e.getMessage() + "). These tests render k8s/ "
                    + "with `kubectl kustomize` (kubectl 1.27 or later, kustomize built in): install kubectl, or set "
                    + "KUBECTL to its path.", e);
        }
        try {
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 2 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
                        + Files.readString(stderr));
            }
            List<Manifest> manifests = parse(new String(out, StandardCharsets.UTF_8));
            if (manifests.isEmpty()) {
                throw new IllegalStateException(String.join(" ", command) + " rendered nothing");
            }
            return List.copyOf(manifests);
        } catch (IOException e) {
            throw new IllegalStateException("Reading the output of " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        } finally {
            try {
                Files.deleteIfExists(stderr);
            } catch (IOException ignored) {
                // a temporary file left behind
            }
        }
    }
}
