package io.hookflow.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shape k8s/README.md promises, on the rendered overlays: every failure names the object and the field.
 * Hookflow's own Deployments are those running a {@code hookflow/*} image; Keycloak is held to the same security
 * rules except the read-only root filesystem (its Deployment says why).
 */
class ProductionShapeTest {

    private static final String PROD = "overlays/prod";
    private static final String DEV = "overlays/dev";

    /** Deployments allowed a writable root filesystem: the stock Keycloak image rebuilds itself at first start. */
    private static final Set<String> WRITABLE_ROOT = Set.of("keycloak");

    /** The realm's demo logins (k8s/README.md, "The realm file": change or delete them in prod after the first start). */
    private static final String REALM_CONFIG_MAP = "keycloak-realm";
    private static final Set<String> DEMO_USERS = Set.of("demo", "viewer", "other");

    private static final String MASTER_KEY = "CREDENTIAL_ENCRYPTION_KEY";

    private static final Set<String> SECRET_WORDS = Set.of("password", "passwd", "pwd", "secret", "token", "key", "apikey",
            "privatekey", "credentials");
    private static final Pattern SECRET_IN_TEXT = Pattern.compile(
            "-----BEGIN [A-Z ]*PRIVATE KEY-----|eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\."
                    + "|(?i)\\b(password|passwd|secret|token|api[_-]?key)\\s*[=:]\\s*[^\\s,;\"'}]+");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\$\\{[A-Z0-9_]+}");

    /** The services that call internal endpoints, each a Keycloak client hookflow-<name> (docs/adr/0007-service-identities.md). */
    private static final List<String> SERVICE_CLIENTS = List.of("ingress", "executor", "flow", "credential");

    // --- both overlays -------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {DEV, PROD})
    void hookflowDeploymentsProbeQuarkusHealth(String overlay) {
        List<String> problems = new ArrayList<>();
        for (Manifest deployment : hookflowDeployments(overlay)) {
            for (JsonNode container : containers(deployment)) {
                String at = deployment.id() + ": container " + container.path("name").asText() + ".";
                probe(problems, at, container, "livenessProbe", "/q/health/live");
                probe(problems, at, container, "readinessProbe", "/q/health/ready");
                probe(problems, at, container, "startupProbe", "/q/health/started");
            }
        }
        assertThat(hookflowDeployments(overlay)).as("Hookflow Deployments in %s", overlay).hasSizeGreaterThanOrEqualTo(5);
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {DEV, PROD})
    void everyContainerHasRequestsAndLimits(String overlay) {
        List<String> problems = new ArrayList<>();
        for (Manifest deployment : all(overlay, "Deployment")) {
            for (JsonNode container : containers(deployment)) {
                for (String field : List.of("requests.cpu", "requests.memory", "limits.cpu", "limits.memory")) {
                    String[] parts = field.split("\\.");
                    if (container.path("resources").path(parts[0]).path(parts[1]).asText("").isEmpty()) {
                        problems.add(deployment.id() + ": container " + container.path("name").asText() + ".resources."
                                + field + " is not set");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {DEV, PROD})
    void everyPodRunsNonRootWithoutPrivileges(String overlay) {
        List<String> problems = new ArrayList<>();
        for (Manifest deployment : all(overlay, "Deployment")) {
            JsonNode pod = deployment.spec().path("template").path("spec");
            for (JsonNode container : containers(deployment)) {
                JsonNode security = container.path("securityContext");
                String at = deployment.id() + ": container " + container.path("name").asText() + ".securityContext.";
                if (!effective(pod, security, "runAsNonRoot").asBoolean(false)) {
                    problems.add(at + "runAsNonRoot (or the pod's) is not true");
                }
                if (!"RuntimeDefault".equals(effective(pod, security, "seccompProfile").path("type").asText())) {
                    problems.add(at + "seccompProfile.type (or the pod's) is not RuntimeDefault");
                }
                if (!security.path("allowPrivilegeEscalation").isBoolean() || security.path("allowPrivilegeEscalation").asBoolean()) {
                    problems.add(at + "allowPrivilegeEscalation is not false");
                }
                if (!texts(security.path("capabilities").path("drop")).contains("ALL")) {
                    problems.add(at + "capabilities.drop does not hold ALL");
                }
                if (!security.path("capabilities").path("add").isMissingNode()) {
                    problems.add(at + "capabilities.add is set");
                }
                if (!WRITABLE_ROOT.contains(deployment.name()) && !security.path("readOnlyRootFilesystem").asBoolean(false)) {
                    problems.add(at + "readOnlyRootFilesystem is not true");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {DEV, PROD})
    void masterKeyOnlyInCredentialServiceAndOnlyFromASecret(String overlay) {
        List<String> problems = new ArrayList<>();
        boolean credentialServiceHasIt = false;
        for (Manifest deployment : all(overlay, "Deployment")) {
            for (JsonNode container : containers(deployment)) {
                JsonNode env = container.path("env");
                for (int i = 0; i < env.size(); i++) {
                    if (!env.get(i).path("name").asText().equals(MASTER_KEY)) {
                        continue;
                    }
                    String at = deployment.id() + ": container " + container.path("name").asText() + ".env[" + i + "] " + MASTER_KEY;
                    if (!deployment.name().equals("credential-service")) {
                        problems.add(at + ": only credential-service may have the master key");
                    } else if (env.get(i).has("value") || env.get(i).path("valueFrom").path("secretKeyRef").isMissingNode()) {
                        problems.add(at + ": must come from a Secret (valueFrom.secretKeyRef)");
                    } else {
                        credentialServiceHasIt = true;
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(credentialServiceHasIt).as("credential-service reads %s from a Secret", MASTER_KEY).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {DEV, PROD})
    void eachServiceGetsOnlyItsOwnClientSecretAndNoSharedToken(String overlay) {
        List<String> problems = new ArrayList<>();
        List<String> withSecret = new ArrayList<>();
        for (Manifest deployment : all(overlay, "Deployment")) {
            for (JsonNode container : containers(deployment)) {
                JsonNode env = container.path("env");
                for (int i = 0; i < env.size(); i++) {
                    String name = env.get(i).path("name").asText();
                    String at = deployment.id() + ": container " + container.path("name").asText() + ".env[" + i + "] " + name;
                    JsonNode ref = env.get(i).path("valueFrom").path("secretKeyRef");
                    if (name.equals("HOOKFLOW_INTERNAL_TOKEN")) {
                        problems.add(at + ": the shared internal token is gone (docs/adr/0007-service-identities.md)");
                    } else if (name.equals("HOOKFLOW_CLIENT_SECRET")) {
                        if (!ref.path("name").asText().equals(deployment.name() + "-creds")
                                || !ref.path("key").asText().equals("HOOKFLOW_CLIENT_SECRET")) {
                            problems.add(at + ": must come from the Deployment's own Secret " + deployment.name() + "-creds");
                        }
                        withSecret.add(deployment.name());
                    } else if (name.matches("HOOKFLOW_[A-Z]+_CLIENT_SECRET") && !deployment.name().equals("keycloak")) {
                        problems.add(at + ": only Keycloak holds another service's client secret");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(withSecret).as("the Deployments with a client secret")
                .containsExactlyInAnyOrder("ingress-service", "executor-service", "flow-service", "credential-service");
    }

    @ParameterizedTest
    @ValueSource(strings = {DEV, PROD})
    void keycloakImportsEachServiceClientWithTheSecretOfThatServicesSecret(String overlay) throws Exception {
        Manifest realmMap = all(overlay, "ConfigMap").stream().filter(m -> m.name().startsWith(REALM_CONFIG_MAP))
                .findFirst().orElseThrow();
        JsonNode realm = JSON.readTree(realmMap.node().path("data").path("hookflow-realm.json").asText());
        JsonNode keycloakEnv = containers(all(overlay, "Deployment").stream().filter(d -> d.name().equals("keycloak"))
                .findFirst().orElseThrow()).get(0).path("env");
        for (String service : SERVICE_CLIENTS) {
            JsonNode client = null;
            for (JsonNode candidate : realm.path("clients")) {
                if (candidate.path("clientId").asText().equals("hookflow-" + service)) {
                    client = candidate;
                }
            }
            assertThat(client).as("realm client hookflow-%s", service).isNotNull();
            assertThat(client.path("serviceAccountsEnabled").asBoolean()).as("hookflow-%s has a service account", service).isTrue();
            assertThat(client.path("directAccessGrantsEnabled").asBoolean(true)).as("hookflow-%s: no password grant", service).isFalse();
            assertThat(client.path("protocolMappers").findValuesAsText("included.custom.audience"))
                    .as("hookflow-%s tokens' audience", service).containsExactly("hookflow-internal");
            String variable = "HOOKFLOW_" + service.toUpperCase(Locale.ROOT) + "_CLIENT_SECRET";
            assertThat(client.path("secret").asText()).isEqualTo("${" + variable + "}");
            JsonNode ref = null;
            for (JsonNode entry : keycloakEnv) {
                if (entry.path("name").asText().equals(variable)) {
                    ref = entry.path("valueFrom").path("secretKeyRef");
                }
            }
            assertThat(ref).as("Keycloak's env %s", variable).isNotNull();
            assertThat(ref.path("name").asText()).isEqualTo(service + "-service-creds");
            assertThat(ref.path("key").asText()).isEqualTo("HOOKFLOW_CLIENT_SECRET");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {DEV, PROD, "monitoring"})
    void noConfigMapHoldsASecret(String folder) {
        List<String> problems = new ArrayList<>();
        for (Manifest configMap : all(folder, "ConfigMap")) {
            if (configMap.node().has("binaryData")) {
                problems.add(configMap.id() + ": binaryData (opaque bytes belong in a Secret)");
            }
            for (Iterator<Map.Entry<String, JsonNode>> data = configMap.node().path("data").fields(); data.hasNext();) {
                Map.Entry<String, JsonNode> entry = data.next();
                String at = configMap.id() + ": data." + entry.getKey();
                String value = entry.getValue().asText();
                if (looksSecret(entry.getKey())) {
                    problems.add(at + ": the key names a secret");
                }
                if (entry.getKey().endsWith(".json")) {
                    secretsInJson(configMap, at, value, problems);
                } else if (SECRET_IN_TEXT.matcher(value).find()) {
                    problems.add(at + ": the value holds what looks like a secret (" + firstMatch(value) + ")");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {DEV, PROD})
    void kafkaLetsInOnlyItsUsersAndAllowsOnlyTheirAcls(String overlay) {
        List<Manifest> clusters = all(overlay, "Kafka");
        assertThat(clusters).as("Kafka clusters in %s", overlay).isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (Manifest kafka : clusters) {
            for (JsonNode listener : kafka.spec().path("kafka").path("listeners")) {
                if (!listener.path("authentication").path("type").asText().equals("scram-sha-512")) {
                    problems.add(kafka.id() + ": listener " + listener.path("name").asText() + " does not authenticate with scram-sha-512");
                }
            }
            if (!kafka.spec().path("kafka").path("authorization").path("type").asText().equals("simple")) {
                problems.add(kafka.id() + ": spec.kafka.authorization.type is not simple (ACLs would not be enforced)");
            }
            if (!kafka.spec().path("entityOperator").has("userOperator")) {
                problems.add(kafka.id() + ": no entityOperator.userOperator to make the KafkaUsers' passwords and ACLs");
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {DEV, PROD})
    void eachServiceHasItsOwnKafkaUserWithExactlyTheLocalBrokersRules(String overlay) throws IOException {
        Map<String, Set<String>> wanted = localKafkaRules();
        Map<String, Manifest> users = new TreeMap<>();
        all(overlay, "KafkaUser").forEach(user -> users.put(user.name(), user));
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Set<String>> service : wanted.entrySet()) {
            Manifest user = users.get(service.getKey());
            if (user == null) {
                problems.add("no KafkaUser " + service.getKey() + " (dev/kafka/acls.txt gives that user rules)");
                continue;
            }
            if (!user.spec().path("authentication").path("type").asText().equals("scram-sha-512")) {
                problems.add(user.id() + ": spec.authentication.type is not scram-sha-512");
            }
            if (!user.spec().path("authorization").path("type").asText().equals("simple")) {
                problems.add(user.id() + ": spec.authorization.type is not simple");
            }
            Set<String> rules = kafkaUserRules(user, problems);
            Set<String> missing = new TreeSet<>(service.getValue());
            missing.removeAll(rules);
            Set<String> extra = new TreeSet<>(rules);
            extra.removeAll(service.getValue());
            if (!missing.isEmpty()) {
                problems.add(user.id() + ": lacks the rules " + missing + " of dev/kafka/acls.txt");
            }
            if (!extra.isEmpty()) {
                problems.add(user.id() + ": allows " + extra + ", which dev/kafka/acls.txt does not");
            }
        }
        // Every other KafkaUser (KEDA's, prod) may only look.
        users.values().stream().filter(user -> !wanted.containsKey(user.name())).forEach(user -> {
            for (String rule : kafkaUserRules(user, problems)) {
                if (!rule.endsWith(" Describe")) {
                    problems.add(user.id() + ": is no service's user, yet allows " + rule);
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {DEV, PROD})
    void eachServiceReadsItsOwnKafkaPasswordAndNoOneElses(String overlay) throws IOException {
        Set<String> kafkaUsers = new TreeSet<>();
        all(overlay, "KafkaUser").forEach(user -> kafkaUsers.add(user.name()));
        Set<String> services = localKafkaRules().keySet();
        List<String> problems = new ArrayList<>();
        Set<String> withPassword = new TreeSet<>();
        for (Manifest deployment : all(overlay, "Deployment")) {
            for (JsonNode container : containers(deployment)) {
                String at = deployment.id() + ": container " + container.path("name").asText();
                for (JsonNode env : container.path("env")) {
                    JsonNode ref = env.path("valueFrom").path("secretKeyRef");
                    String secret = ref.path("name").asText("");
                    if (kafkaUsers.contains(secret) && !secret.equals(deployment.name())) {
                        problems.add(at + ".env " + env.path("name").asText() + ": reads the Kafka password of " + secret);
                    }
                    if (env.path("name").asText().equals("HOOKFLOW_KAFKA_PASSWORD")) {
                        if (secret.equals(deployment.name()) && ref.path("key").asText().equals("password")) {
                            withPassword.add(deployment.name());
                        } else if (!secret.equals(deployment.name())) {
                            problems.add(at + ".env HOOKFLOW_KAFKA_PASSWORD: not from the Secret " + deployment.name()
                                    + " (key password) Strimzi makes for its KafkaUser");
                        }
                    }
                }
                for (JsonNode from : container.path("envFrom")) {
                    String secret = from.path("secretRef").path("name").asText("");
                    if (kafkaUsers.contains(secret)) {
                        problems.add(at + ".envFrom: takes all of the KafkaUser Secret " + secret);
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(withPassword).as("Deployments reading their own Kafka password").isEqualTo(services);
    }

    @Test
    void theLocalRulesCoverEveryChannelOfEveryService() throws IOException {
        Map<String, Set<String>> rules = localKafkaRules();
        Pattern channel = Pattern.compile("^mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.(topic|group\\.id)=(.*)$");
        List<String> problems = new ArrayList<>();
        for (String service : rules.keySet()) {
            Path properties = Kustomize.REPO.resolve(service).resolve("src/main/resources/application.properties");
            for (String line : Files.readAllLines(properties)) {
                var matcher = channel.matcher(line.strip());
                if (!matcher.matches()) {
                    continue;
                }
                String value = matcher.group(4).strip();
                String at = service + "'s channel " + matcher.group(2);
                if (matcher.group(3).equals("topic")) {
                    String rule = "topic literal " + value + (matcher.group(1).equals("incoming") ? " Read" : " Write");
                    if (!rules.get(service).contains(rule)) {
                        problems.add(at + ": no rule '" + rule + "'");
                    }
                } else if (!coversGroup(rules.get(service), value)) {
                    problems.add(at + ": no Read rule for its group " + value);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void secretNamesAreKnownByTheirLastWord() {
        assertThat(List.of("HOOKFLOW_CLIENT_SECRET", "KC_DB_PASSWORD", "clientSecret", "CREDENTIAL_ENCRYPTION_KEY", "api-key"))
                .allMatch(ProductionShapeTest::looksSecret);
        assertThat(List.of("HOOKFLOW_CREDENTIAL_SERVICE_URL", "accessTokenLifespan", "id.token.claim", "hookflow-overview.json"))
                .noneMatch(ProductionShapeTest::looksSecret);
    }

    // --- prod ----------------------------------------------------------------------------------------------

    @Test
    void prodScalesIngressOnCpuAndRequestRateFromThreeReplicas() {
        List<Manifest> scalers = autoscalersOf(PROD, "ingress-service");
        assertThat(scalers).as("one autoscaler (HPA or ScaledObject) for Deployment ingress-service").hasSize(1);
        Manifest scaler = scalers.get(0);
        JsonNode spec = scaler.spec();
        if (scaler.kind().equals("ScaledObject")) {
            assertThat(spec.path("minReplicaCount").asInt(0)).as(scaler.id() + ": spec.minReplicaCount").isGreaterThanOrEqualTo(3);
            assertThat(spec.path("maxReplicaCount").asInt(0)).as(scaler.id() + ": spec.maxReplicaCount")
                    .isGreaterThan(spec.path("minReplicaCount").asInt(0));
            assertThat(spec.path("triggers").findValuesAsText("type")).as(scaler.id() + ": spec.triggers[].type")
                    .contains("cpu", "prometheus");
            for (JsonNode trigger : spec.path("triggers")) {
                if (trigger.path("type").asText().equals("prometheus")) {
                    assertThat(trigger.path("metadata").path("query").asText()).as(scaler.id() + ": spec.triggers[prometheus].metadata.query")
                            .contains("hookflow_webhooks_received_total");
                    assertThat(trigger.path("metadata").path("threshold").asText()).as(scaler.id() + ": spec.triggers[prometheus].metadata.threshold")
                            .isNotEmpty();
                }
            }
        } else {
            assertThat(spec.path("minReplicas").asInt(0)).as(scaler.id() + ": spec.minReplicas").isGreaterThanOrEqualTo(3);
            assertThat(spec.path("metrics").findValuesAsText("name")).as(scaler.id() + ": spec.metrics[].name")
                    .contains("cpu").anyMatch(name -> name.startsWith("hookflow_webhooks_received"));
        }
    }

    @Test
    void prodScalesTheExecutorOnWebhookLagWithinThePartitions() {
        List<Manifest> scalers = autoscalersOf(PROD, "executor-service");
        assertThat(scalers).as("one autoscaler for Deployment executor-service").hasSize(1);
        Manifest scaler = scalers.get(0);
        assertThat(scaler.kind()).isEqualTo("ScaledObject");
        JsonNode kafka = null;
        for (JsonNode trigger : scaler.spec().path("triggers")) {
            if (trigger.path("type").asText().equals("kafka")) {
                kafka = trigger.path("metadata");
            }
        }
        assertThat(kafka).as(scaler.id() + ": spec.triggers[] has a kafka trigger").isNotNull();
        assertThat(kafka.path("topic").asText()).as(scaler.id() + ": kafka trigger metadata.topic").isEqualTo("webhook.received");
        assertThat(kafka.path("consumerGroup").asText()).as(scaler.id() + ": kafka trigger metadata.consumerGroup").isEqualTo("executor");
        Manifest topic = all(PROD, "KafkaTopic").stream()
                .filter(t -> t.spec().path("topicName").asText(t.name()).equals("webhook.received")).findFirst()
                .orElseThrow(() -> new AssertionError("No KafkaTopic webhook.received in " + PROD));
        int partitions = topic.spec().path("partitions").asInt(0);
        assertThat(scaler.spec().path("maxReplicaCount").asInt(100))
                .as(scaler.id() + ": spec.maxReplicaCount must not exceed the %d partitions of %s", partitions, topic.id())
                .isBetween(1, partitions);
    }

    @Test
    void prodHasAPodDisruptionBudgetForEveryDeployment() {
        List<String> problems = new ArrayList<>();
        for (Manifest deployment : all(PROD, "Deployment")) {
            JsonNode labels = deployment.spec().path("template").path("metadata").path("labels");
            List<Manifest> budgets = all(PROD, "PodDisruptionBudget").stream()
                    .filter(pdb -> selects(pdb.spec().path("selector"), labels)).toList();
            if (budgets.size() != 1) {
                problems.add(deployment.id() + ": spec.template.metadata.labels are selected by " + budgets.size()
                        + " PodDisruptionBudgets, not one");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void prodDeniesIngressByDefaultAndAllowsEachDeployment() {
        List<Manifest> policies = all(PROD, "NetworkPolicy");
        List<Manifest> denyAll = policies.stream()
                .filter(p -> p.spec().path("podSelector").isEmpty() && texts(p.spec().path("policyTypes")).contains("Ingress")
                        && p.spec().path("ingress").isEmpty())
                .toList();
        assertThat(denyAll).as("a NetworkPolicy with podSelector {}, policyTypes [Ingress] and no ingress rule").isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (Manifest deployment : all(PROD, "Deployment")) {
            JsonNode labels = deployment.spec().path("template").path("metadata").path("labels");
            boolean allowed = policies.stream().anyMatch(p -> !denyAll.contains(p) && !p.spec().path("ingress").isEmpty()
                    && selects(p.spec().path("podSelector"), labels));
            if (!allowed) {
                problems.add(deployment.id() + ": no NetworkPolicy allows any traffic to its pods (spec.template.metadata.labels)");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void prodReplicatesEveryTopicThreeTimesWithTwoInSync() {
        List<String> problems = new ArrayList<>();
        for (Manifest topic : all(PROD, "KafkaTopic")) {
            if (topic.spec().path("replicas").asInt(0) != 3) {
                problems.add(topic.id() + ": spec.replicas is " + topic.spec().path("replicas") + ", not 3");
            }
            if (topic.spec().path("config").path("min.insync.replicas").asInt(0) != 2) {
                problems.add(topic.id() + ": spec.config.min.insync.replicas is " + topic.spec().path("config").path("min.insync.replicas") + ", not 2");
            }
        }
        for (Manifest kafka : all(PROD, "Kafka")) {
            JsonNode config = kafka.spec().path("kafka").path("config");
            for (String key : List.of("default.replication.factor", "offsets.topic.replication.factor", "transaction.state.log.replication.factor")) {
                if (config.path(key).asInt(0) != 3) {
                    problems.add(kafka.id() + ": spec.kafka.config." + key + " is " + config.path(key) + ", not 3");
                }
            }
            for (String key : List.of("min.insync.replicas", "transaction.state.log.min.isr")) {
                if (config.path(key).asInt(0) != 2) {
                    problems.add(kafka.id() + ": spec.kafka.config." + key + " is " + config.path(key) + ", not 2");
                }
            }
        }
        assertThat(all(PROD, "KafkaTopic")).isNotEmpty();
        assertThat(problems).isEmpty();
    }

    @Test
    void prodRunsEveryDeploymentRedundantly() {
        List<String> problems = new ArrayList<>();
        for (Manifest deployment : all(PROD, "Deployment")) {
            boolean autoscaled = !autoscalersOf(PROD, deployment.name()).isEmpty();
            JsonNode replicas = deployment.spec().path("replicas");
            if (autoscaled && !replicas.isMissingNode()) {
                problems.add(deployment.id() + ": spec.replicas is set, but an autoscaler owns the count");
            } else if (!autoscaled && replicas.asInt(1) < 2) {
                problems.add(deployment.id() + ": spec.replicas is " + replicas.asInt(1) + ", fewer than 2 and no autoscaler");
            }
        }
        assertThat(problems).isEmpty();
        assertThat(all(PROD, "Deployment")).noneMatch(d -> d.name().equals("petstore-api"));
    }

    // --- dev -----------------------------------------------------------------------------------------------

    @Test
    void devRunsOneOfEachWithTheDemoPetstore() {
        List<String> problems = new ArrayList<>();
        for (Manifest deployment : all(DEV, "Deployment")) {
            if (deployment.spec().path("replicas").asInt(0) != 1) {
                problems.add(deployment.id() + ": spec.replicas is " + deployment.spec().path("replicas") + ", not 1");
            }
        }
        assertThat(problems).isEmpty();
        assertThat(all(DEV, "Deployment")).anyMatch(d -> d.name().equals("petstore-api"));
        assertThat(all(DEV, "Service")).anyMatch(s -> s.name().equals("petstore-api"));
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static List<Manifest> all(String folder, String kind) {
        return Kustomize.render(folder).stream().filter(m -> m.kind().equals(kind)).toList();
    }

    private static List<Manifest> hookflowDeployments(String overlay) {
        return all(overlay, "Deployment").stream()
                .filter(d -> containers(d).stream().anyMatch(c -> c.path("image").asText().startsWith("hookflow/"))).toList();
    }

    /**
     * dev/kafka/acls.txt, the local broker's rules, by user: {@code "<resource> <literal|prefix> <name> <Operation>"}.
     */
    private static Map<String, Set<String>> localKafkaRules() throws IOException {
        Map<String, Set<String>> rules = new TreeMap<>();
        for (String line : Files.readAllLines(Kustomize.REPO.resolve("dev/kafka/acls.txt"))) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] fields = text.split("\\s+");
            assertThat(fields).as("dev/kafka/acls.txt: " + line).hasSize(5);
            rules.computeIfAbsent(fields[0], user -> new TreeSet<>())
                    .add(fields[1] + " " + fields[2] + " " + fields[3] + " " + fields[4]);
        }
        return rules;
    }

    /** A KafkaUser's allow rules, one per operation, as {@link #localKafkaRules()} writes them. */
    private static Set<String> kafkaUserRules(Manifest user, List<String> problems) {
        Set<String> rules = new TreeSet<>();
        for (JsonNode acl : user.spec().path("authorization").path("acls")) {
            JsonNode resource = acl.path("resource");
            if (!acl.path("type").asText("allow").equals("allow") || !acl.path("host").asText("*").equals("*")) {
                problems.add(user.id() + ": only allow rules from any host are expected, found " + acl);
                continue;
            }
            for (JsonNode operation : acl.path("operations")) {
                rules.add(resource.path("type").asText() + " " + resource.path("patternType").asText("literal") + " "
                        + resource.path("name").asText() + " " + operation.asText());
            }
        }
        return rules;
    }

    /** Whether a Read rule covers the group id: literally, or by a prefix ({@code ingress-${quarkus.uuid}}: {@code ingress-}). */
    private static boolean coversGroup(Set<String> rules, String group) {
        String fixed = group.contains("${") ? group.substring(0, group.indexOf("${")) : group;
        for (String rule : rules) {
            String[] fields = rule.split(" ");
            if (!fields[0].equals("group") || !fields[3].equals("Read")) {
                continue;
            }
            boolean literal = fields[1].equals("literal") && !group.contains("${") && fields[2].equals(group);
            boolean prefix = fields[1].equals("prefix") && fixed.startsWith(fields[2]);
            if (literal || prefix) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonNode> containers(Manifest deployment) {
        List<JsonNode> containers = new ArrayList<>();
        deployment.spec().path("template").path("spec").path("containers").forEach(containers::add);
        return containers;
    }

    private static List<Manifest> autoscalersOf(String overlay, String deployment) {
        List<Manifest> scalers = new ArrayList<>();
        for (Manifest m : Kustomize.render(overlay)) {
            JsonNode target = m.spec().path("scaleTargetRef");
            boolean isScaler = m.kind().equals("ScaledObject") || m.kind().equals("HorizontalPodAutoscaler");
            if (isScaler && target.path("name").asText().equals(deployment)
                    && target.path("kind").asText("Deployment").equals("Deployment")) {
                scalers.add(m);
            }
        }
        return scalers;
    }

    private static void probe(List<String> problems, String at, JsonNode container, String probe, String path) {
        JsonNode get = container.path(probe).path("httpGet");
        if (get.isMissingNode()) {
            problems.add(at + probe + ".httpGet is not set");
        } else if (!get.path("path").asText().equals(path)) {
            problems.add(at + probe + ".httpGet.path is " + get.path("path") + ", not " + path);
        }
    }

    /** The container's setting, else the pod's (the container wins in Kubernetes). */
    private static JsonNode effective(JsonNode pod, JsonNode containerSecurity, String field) {
        return containerSecurity.has(field) ? containerSecurity.get(field) : pod.path("securityContext").path(field);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    /** A label selector (matchLabels only, as the manifests use) that selects these labels; {} selects all. */
    private static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector.has("matchExpressions")) {
            throw new AssertionError("matchExpressions are not understood by this test: " + selector);
        }
        for (Iterator<Map.Entry<String, JsonNode>> wanted = selector.path("matchLabels").fields(); wanted.hasNext();) {
            Map.Entry<String, JsonNode> label = wanted.next();
            if (!label.getValue().asText().equals(labels.path(label.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    /** A name whose last word says secret: HOOKFLOW_CLIENT_SECRET, KC_DB_PASSWORD, clientSecret; not accessTokenLifespan. */
    static boolean looksSecret(String name) {
        String[] words = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT).split("[^a-z0-9]+");
        return words.length > 0 && SECRET_WORDS.contains(words[words.length - 1]);
    }

    private static void secretsInJson(Manifest configMap, String at, String value, List<String> problems) {
        JsonNode json;
        try {
            json = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            problems.add(at + ": not JSON (" + e.getOriginalMessage() + ")");
            return;
        }
        walkJson(configMap, at, json, "", problems);
    }

    private static void walkJson(Manifest configMap, String at, JsonNode node, String path, List<String> problems) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walkJson(configMap, at, node.get(i), path + "[" + i + "]", problems);
            }
        } else if (node.isObject()) {
            if (node.path("type").asText().equals("password") && node.has("value") && !demoLogin(configMap, path)) {
                problems.add(at + ": " + path + " holds a password");
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                JsonNode value = field.getValue();
                // ${ENV_VAR} is not a secret but where Keycloak's realm import takes one from (its Pod's env, from Secrets)
                if (looksSecret(field.getKey()) && value.isTextual() && !value.asText().isEmpty()
                        && !ENV_PLACEHOLDER.matcher(value.asText()).matches()) {
                    problems.add(at + ": " + fieldPath + " holds a secret");
                }
                walkJson(configMap, at, value, fieldPath, problems);
            }
        } else if (node.isTextual() && Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----|eyJ[A-Za-z0-9_-]{10,}\\.eyJ")
                .matcher(node.asText()).find()) {
            problems.add(at + ": " + path + " holds a private key or a token");
        }
    }

    /**
     * The realm's demo users keep their documented passwords (demo/demo, viewer/viewer, other/other): they are the
     * tutorial's logins, from the same file ./hookflow imports, and k8s/README.md says to change or delete them in
     * prod. Any other password in the realm, and any client secret, fails.
     */
    private static boolean demoLogin(Manifest configMap, String path) {
        if (!configMap.name().startsWith(REALM_CONFIG_MAP)) {
            return false;
        }
        Optional<JsonNode> realm = Optional.empty();
        try {
            realm = Optional.of(JSON.readTree(configMap.node().path("data").path("hookflow-realm.json").asText()));
        } catch (JsonProcessingException e) {
            return false;
        }
        var matcher = Pattern.compile("^users\\[(\\d+)]\\.credentials\\[\\d+]$").matcher(path);
        if (!matcher.matches()) {
            return false;
        }
        JsonNode user = realm.get().path("users").path(Integer.parseInt(matcher.group(1)));
        return DEMO_USERS.contains(user.path("username").asText());
    }

    private static String firstMatch(String value) {
        var matcher = SECRET_IN_TEXT.matcher(value);
        return matcher.find() ? matcher.group().replaceAll("([=:]\\s*).*", "$1...") : "";
    }
}
