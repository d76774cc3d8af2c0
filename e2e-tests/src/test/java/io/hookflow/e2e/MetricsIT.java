package io.hookflow.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator's Prometheus sees, on the platform {@code ./hookflow up} started: every metric a Grafana panel or
 * an alert rule in {@code k8s/monitoring} queries is one a running service exports, and a burst of webhooks moves the
 * accepted and succeeded counters by exactly its size.
 */
class MetricsIT {

    /** Every service's own address; each serves {@code /q/metrics}. */
    private static final Map<String, String> SERVICES = new LinkedHashMap<>();

    static {
        SERVICES.put("ingress-service", Platform.INGRESS);
        SERVICES.put("flow-service", Platform.FLOWS);
        SERVICES.put("credential-service", Platform.CREDENTIALS);
        SERVICES.put("executor-service", System.getProperty("hookflow.executor", "http://localhost:8083"));
        SERVICES.put("petstore-connector", System.getProperty("hookflow.connector", "http://localhost:8084"));
    }

    private static final Path MONITORING = Parts.ROOT.resolve("k8s/monitoring");

    /**
     * Series no Hookflow service exports: Prometheus's own per target, and cert-manager's for the Ingress's certificate
     * (docs/metrics.md, "Other components' metrics the alerts use").
     */
    private static final Set<String> NOT_HOOKFLOWS = Set.of("up", "ALERTS", "ALERTS_FOR_STATE", "scrape_duration_seconds",
            "scrape_samples_scraped", "certmanager_certificate_expiration_timestamp_seconds",
            "certmanager_certificate_ready_status");
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "and", "or", "unless", "bool", "offset", "inf", "nan", "le");
    private static final Pattern IDENTIFIER = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\b(\\s*\\()?");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})?\\s+(\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static String demo;

    @BeforeAll
    static void setUp() {
        demo = Platform.token("demo");
    }

    @Test
    void everyPanelAndAlertQueriesAMetricARunningServiceExports() throws IOException {
        Map<String, Set<String>> exportedBy = new TreeMap<>();
        Set<String> exported = new TreeSet<>(NOT_HOOKFLOWS);
        SERVICES.forEach((service, url) -> {
            Set<String> names = scrape(url).keySet().stream().map(MetricsIT::family)
                    .collect(TreeSet::new, Set::add, Set::addAll);
            exportedBy.put(service, names);
            exported.addAll(names);
        });
        exportedBy.forEach((service, names) -> assertThat(names)
                .as("%s exports its own hookflow_* metrics", service)
                .anyMatch(name -> name.startsWith("hookflow_")));

        Map<String, String> queries = new LinkedHashMap<>(); // where → expression
        try (Stream<Path> files = Files.list(MONITORING.resolve("dashboards"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                panels(JSON.readTree(file.toFile()), file.getFileName().toString(), queries);
            }
        }
        JsonNode rules = YAML.readTree(MONITORING.resolve("rules/hookflow.rules.yaml").toFile());
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.has("alert") ? rule.path("alert").asText() : rule.path("record").asText();
                queries.put("alert " + name, rule.path("expr").asText());
                if (rule.has("record")) {
                    exported.add(rule.path("record").asText());
                }
            }
        }
        assertThat(queries).as("dashboards and rules found under %s", MONITORING).hasSizeGreaterThan(20);

        List<String> missing = new ArrayList<>();
        queries.forEach((where, expr) -> {
            for (String metric : metricNames(expr)) {
                if (!exported.contains(metric) && !exported.contains(metric.replaceAll("_(bucket|count|sum|max)$", ""))) {
                    missing.add(where + " queries " + metric);
                }
            }
        });
        Map<String, List<String>> ownBy = new TreeMap<>();
        exportedBy.forEach((service, names) -> ownBy.put(service,
                names.stream().filter(name -> name.startsWith("hookflow_")).toList()));
        assertThat(missing).as("metrics no running service exports (their own: %s)", ownBy).isEmpty();
    }

    @Test
    void aBurstOfWebhooksMovesTheAcceptedAndSucceededCountersByItsSize() throws Exception {
        String webhook = createCredential("Metrics webhook", "webhook-noauth", Map.of());
        String petstore = createCredential("Metrics Petstore", "petstore",
                Map.of("apiKey", Platform.localSecret("petstore-test-key")));
        String flowId = liveFlow(webhook, petstore);
        int burst = 120;
        int unknown = 7;

        double acceptedBefore = sum(Platform.INGRESS, "hookflow_webhooks_received_total", "outcome=\"accepted\"");
        double unknownBefore = sum(Platform.INGRESS, "hookflow_webhooks_received_total", "reason=\"unknown_flow\"");
        double succeededBefore = sum(SERVICES.get("executor-service"), "hookflow_executions_total", "status=\"succeeded\"");
        double recordedBefore = sum(Platform.FLOWS, "hookflow_run_records_total", "status=\"succeeded\"");

        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                String body = "{\"petname\":\"Metric " + i + "\",\"petstatus\":\"Sold\"}";
                answers.add(senders.submit(() -> given().contentType(ContentType.JSON).body(body)
                        .post(Platform.INGRESS + "/hook/" + flowId).statusCode()));
            }
            for (int i = 0; i < unknown; i++) {
                answers.add(senders.submit(() -> given().contentType(ContentType.JSON).body("{}")
                        .post(Platform.INGRESS + "/hook/" + UUID.randomUUID()).statusCode()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            assertThat(statuses.subList(0, burst)).containsOnly(200);
            assertThat(statuses.subList(burst, burst + unknown)).containsOnly(404);
        } finally {
            senders.shutdownNow();
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> succeeded(flowId) == burst);
        assertThat(sum(Platform.INGRESS, "hookflow_webhooks_received_total", "outcome=\"accepted\"") - acceptedBefore)
                .as("accepted webhooks counted").isEqualTo(burst);
        assertThat(sum(Platform.INGRESS, "hookflow_webhooks_received_total", "reason=\"unknown_flow\"") - unknownBefore)
                .as("webhooks for an unknown flow counted").isEqualTo(unknown);
        assertThat(sum(SERVICES.get("executor-service"), "hookflow_executions_total", "status=\"succeeded\"") - succeededBefore)
                .as("executions counted succeeded by the executor").isEqualTo(burst);
        // a redelivered report counts again (docs/metrics.md), so the run log's counter is at least the burst
        assertThat(sum(Platform.FLOWS, "hookflow_run_records_total", "status=\"succeeded\"") - recordedBefore)
                .as("succeeded reports written to the run log").isGreaterThanOrEqualTo(burst);
    }

    /** The metric names a PromQL expression reads: every identifier but functions, keywords, labels and ranges. */
    static Set<String> metricNames(String expr) {
        String e = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*\\}", "")
                .replaceAll("\\[[^\\]]*\\]", "")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "")
                .replaceAll("\\$\\{?\\w+\\}?", "");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(e);
        while (m.find()) {
            String name = m.group(1);
            if (m.group(2) != null || PROMQL_WORDS.contains(name.toLowerCase()) || Character.isDigit(name.charAt(0))) {
                continue;
            }
            names.add(name);
        }
        return names;
    }

    private static void panels(JsonNode node, String dashboard, Map<String, String> queries) {
        for (JsonNode panel : node.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    queries.put(dashboard + " panel '" + panel.path("title").asText() + "' " + target.path("refId").asText(),
                            target.path("expr").asText());
                }
            }
            panels(panel, dashboard, queries); // rows hold their panels when collapsed
        }
    }

    /** One scrape: each sample's name and labels → its value. */
    private static Map<String, Double> scrape(String baseUrl) {
        String text = given().get(baseUrl + "/q/metrics").then().statusCode(200).extract().asString();
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.find()) {
                samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(4)));
            }
        }
        return samples;
    }

    private static String family(String sample) {
        int brace = sample.indexOf('{');
        return brace < 0 ? sample : sample.substring(0, brace);
    }

    /** The sum of a metric's series whose labels include {@code label} (for example {@code status="succeeded"}). */
    private static double sum(String baseUrl, String metric, String label) {
        return scrape(baseUrl).entrySet().stream()
                .filter(e -> family(e.getKey()).equals(metric) && e.getKey().contains(label))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    private static long succeeded(String flowId) {
        return Long.parseLong(given().auth().oauth2(demo).queryParam("size", 1).queryParam("status", "succeeded")
                .get(Platform.FLOWS + "/api/v1/flows/" + flowId + "/executions")
                .then().statusCode(200).extract().header("X-Total-Count"));
    }

    private static String createCredential(String name, String type, Map<String, Object> config) {
        return given().auth().oauth2(demo).contentType(ContentType.JSON)
                .body(Map.of("name", name, "type", type, "config", config))
                .post(Platform.CREDENTIALS + "/api/v1/credentials")
                .then().statusCode(201).extract().path("id");
    }

    private static String liveFlow(String webhookCredential, String petstoreCredential) {
        Map<String, Object> flow = Map.of(
                "name", "Metrics burst " + UUID.randomUUID().toString().substring(0, 8),
                "settings", Map.of("rateLimitPerSecond", 10000),
                "steps", List.of(
                        Map.of("id", "step_1", "name", "Webhook", "component", "webhook", "function", "receive",
                                "credentialId", webhookCredential),
                        Map.of("id", "step_2", "name", "Create a pet", "component", "petstore", "function", "createPet",
                                "credentialId", petstoreCredential,
                                "mapping", Map.of("name", "petname", "status", "petstatus"))));
        String flowId = given().auth().oauth2(demo).contentType(ContentType.JSON).body(flow)
                .post(Platform.FLOWS + "/api/v1/flows").then().statusCode(201).extract().path("id");
        given().auth().oauth2(demo).post(Platform.FLOWS + "/api/v1/flows/" + flowId + "/publish").then().statusCode(201);
        given().auth().oauth2(demo).post(Platform.FLOWS + "/api/v1/flows/" + flowId + "/start").then().statusCode(202);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().head(Platform.INGRESS + "/hook/" + flowId).statusCode() == 200);
        return flowId;
    }
}
