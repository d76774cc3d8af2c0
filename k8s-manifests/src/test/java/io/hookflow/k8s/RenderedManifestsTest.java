package io.hookflow.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every object each deployable folder of k8s/ renders is valid against its schema. */
class RenderedManifestsTest {

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod", "monitoring"})
    void everyRenderedObjectMatchesItsSchema(String folder) {
        List<Manifest> manifests = Kustomize.render(folder);

        List<String> problems = manifests.stream().flatMap(m -> ManifestValidator.validate(m).stream()).toList();

        assertThat(problems).as("schema problems in k8s/%s", folder).isEmpty();
        assertThat(manifests).as("k8s/%s renders objects", folder).hasSizeGreaterThan(5);
    }
}
