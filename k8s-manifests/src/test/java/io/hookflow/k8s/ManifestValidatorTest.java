package io.hookflow.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The validators fail where the API server would refuse or silently drop a field. */
class ManifestValidatorTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: ingress-service
            spec:
              replicas: %s
              selector:
                matchLabels:
                  app: ingress-service
              template:
                metadata:
                  labels:
                    app: ingress-service
                spec:
                  containers:
                    - name: ingress-service
                      image: hookflow/ingress-service
                      ports:
                        - containerPort: %s
                      env:
                        - name: A
                          value: %s
                      %s:
                        httpGet:
                          path: /q/health/live
                          port: 8080
            """;

    private static List<String> problems(String yaml) {
        return Kustomize.parse(yaml).stream().flatMap(m -> ManifestValidator.validate(m).stream()).toList();
    }

    private static String deployment(String replicas, String containerPort, String envValue, String probeField) {
        return DEPLOYMENT.formatted(replicas, containerPort, envValue, probeField);
    }

    @Test
    void acceptsAValidDeployment() {
        assertThat(problems(deployment("3", "8080", "\"x\"", "livenessProbe"))).isEmpty();
    }

    @Test
    void rejectsAnUnknownFieldInADeployment() {
        assertThat(problems(deployment("3", "8080", "\"x\"", "livenesProbe"))).containsExactly(
                "Deployment ingress-service: spec.template.spec.containers[0].livenesProbe: unknown field");
    }

    @Test
    void rejectsAStringWhereTheModelWantsAnInteger() {
        assertThat(problems(deployment("\"3\"", "8080", "\"x\"", "livenessProbe")))
                .singleElement().asString()
                .startsWith("Deployment ingress-service: spec.replicas: wrong type or value:");
        assertThat(problems(deployment("3", "http", "\"x\"", "livenessProbe")))
                .singleElement().asString()
                .startsWith("Deployment ingress-service: spec.template.spec.containers[0].ports[0].containerPort: wrong type");
    }

    @Test
    void rejectsANumberWhereTheModelWantsAString() {
        // The API server refuses `value: 8080` in an env var; Jackson would make it "8080".
        assertThat(problems(deployment("3", "8080", "8080", "livenessProbe")))
                .singleElement().asString()
                .startsWith("Deployment ingress-service: spec.template.spec.containers[0].env[0].value: wrong type");
    }

    @Test
    void rejectsAnUnknownFieldInObjectMeta() {
        assertThat(problems("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: c
                  label:
                    a: b
                data:
                  A: b
                """)).containsExactly("ConfigMap c: metadata.label: unknown field");
    }

    @Test
    void rejectsAnUnknownFieldInAKafkaTopicSpec() {
        assertThat(problems("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata:
                  name: webhook-received
                  labels:
                    strimzi.io/cluster: hookflow
                spec:
                  topicName: webhook.received
                  partitions: 6
                  replica: 3
                  config:
                    retention.ms: 604800000
                """)).containsExactly("KafkaTopic webhook-received: spec.replica: unknown field");
    }

    @Test
    void rejectsAWrongTypeInAKafkaTopicButKeepsItsFreeFormConfig() {
        assertThat(problems("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata:
                  name: t
                spec:
                  partitions: "6"
                  config:
                    any.setting.kafka.knows: whatever
                """)).containsExactly("KafkaTopic t: spec.partitions: expected integer, found a string (\"6\")");
    }

    @Test
    void rejectsAnUnknownFieldInACloudNativePgCluster() {
        assertThat(problems("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata:
                  name: flow-db
                spec:
                  instances: 3
                  storage:
                    size: 10Gi
                    sizee: 20Gi
                  bootstrap:
                    initdb:
                      database: flow
                      owner: flow
                """)).containsExactly("Cluster flow-db: spec.storage.sizee: unknown field");
    }

    @Test
    void rejectsAValueOutsideAnEnumAndAnUnknownFieldInCustomResourceMetadata() {
        assertThat(problems("""
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata:
                  name: s
                  labell: {}
                spec:
                  scaleTargetRef:
                    name: d
                  triggers:
                    - type: cpu
                      metadata:
                        value: 70
                      authenticationRef:
                        name: a
                        kind: Secret
                """)).containsExactlyInAnyOrder(
                "ScaledObject s: metadata.labell: unknown field",
                "ScaledObject s: spec.triggers[0].metadata.value: expected string, found an integer (70)",
                "ScaledObject s: spec.triggers[0].authenticationRef.kind: \"Secret\" is not one of [\"TriggerAuthentication\",\"ClusterTriggerAuthentication\"]");
    }

    @Test
    void rejectsAKindWithoutASchema() {
        assertThat(problems("""
                apiVersion: example.com/v1
                kind: Widget
                metadata:
                  name: w
                spec: {}
                """)).singleElement().asString().startsWith("Widget w: no schema for example.com/v1 Widget");
    }

    @Test
    void rejectsAVersionOfAKnownCustomResourceThatIsNotVendored() {
        assertThat(problems("""
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata:
                  name: t
                spec: {}
                """)).singleElement().asString().startsWith("KafkaTopic t: no schema for kafka.strimzi.io/v1beta2 KafkaTopic");
    }
}
