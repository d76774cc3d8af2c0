package io.hookflow.ingress;

import io.hookflow.testsupport.KafkaResource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A measurement, not a test: skipped unless {@code -Dmeasure.large-bodies=true}. It runs the packaged service
 * ({@code target/quarkus-app/quarkus-run.jar}, so {@code ../mvnw -B -q package -DskipTests} first) as its own process
 * the way {@code ./hookflow} starts it ({@code -Xmx256m -XX:+UseSerialGC}) on port {@code measure.port} (18080), against
 * an in-JVM Kafka broker and credential-service stub of this JVM, and sends {@code measure.body-bytes} (1 MiB) JSON
 * webhooks at {@code measure.rate} (100) per second for {@code measure.seconds} (30) in an open loop: a call is sent
 * every 1/rate seconds whether or not the earlier ones were answered, as webhook senders do. It prints the answers by
 * status, the records on {@code webhook.received}, the service's peak heap (from its GC log: after each collection,
 * and the largest after a full collection, which is the live set) and peak RSS, its bytes in flight
 * ({@code hookflow_webhook_body_in_flight_bytes}), and whether it ran out of heap. It asserts only what must hold at any
 * speed: no OutOfMemoryError, and every call answered 200 is on Kafka. E.g.
 * {@code ../mvnw -B -q test -Dtest=LargeBodyMemoryMeasurement -Dmeasure.large-bodies=true}; add
 * {@code -Dmeasure.jvm-args="-Dingress.max-body-bytes-in-flight=16M"} for other settings of the service.
 */
@EnabledIfSystemProperty(named = "measure.large-bodies", matches = "true")
class LargeBodyMemoryMeasurement {

    private static final String NOAUTH = "c0ffee0000000000000000ee";
    private static final Pattern GC_LINE = Pattern.compile("Pause (Young|Full).* (\\d+)M->(\\d+)M\\((\\d+)M\\)");

    @Test
    void measureLargeBodiesAtAFixedRate() throws Exception {
        int rate = Integer.getInteger("measure.rate", 100);
        int seconds = Integer.getInteger("measure.seconds", 30);
        int bodyBytes = Integer.getInteger("measure.body-bytes", 1024 * 1024);
        int port = Integer.getInteger("measure.port", 18080);
        String heap = System.getProperty("measure.heap", "256m");
        String jvmArgs = System.getProperty("measure.jvm-args", "").trim();
        Path jar = Path.of(System.getProperty("measure.jar", "target/quarkus-app/quarkus-run.jar"));
        assertThat(jar).as("the packaged service (../mvnw -B -q package -DskipTests)").exists();

        KafkaResource broker = new KafkaResource();
        CredentialServiceStub credentials = new CredentialServiceStub();
        Process service = null;
        try {
            String bootstrap = broker.start().get("kafka.bootstrap.servers");
            Map<String, String> credentialConfig = credentials.start();
            String credentialUrl = credentialConfig.get("quarkus.rest-client.credential-service.url");
            CredentialServiceStub.put(NOAUTH, "demo", "webhook-noauth", "{}");
            String flowId = "0b0e0c0b0000000000000001";
            try (TestKafka kafka = new TestKafka()) {
                kafka.flowChanged(flowId, "active", 1, NOAUTH, 100_000_000);
            }

            Path log = Files.createTempFile("ingress-measure-", ".log");
            Path gcLog = Files.createTempFile("ingress-measure-gc-", ".log");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms32m", "-Xmx" + heap, "-XX:+UseSerialGC", "-Xlog:gc:file=" + gcLog));
            if (!jvmArgs.isEmpty()) {
                command.addAll(List.of(jvmArgs.split("\\s+")));
            }
            command.addAll(List.of("-Dquarkus.http.port=" + port, "-Dkafka.bootstrap.servers=" + bootstrap,
                    "-Dkafka.security.protocol=PLAINTEXT", "-Dkafka.sasl.jaas.config=",
                    "-Dquarkus.rest-client.credential-service.url=" + credentialUrl));
            credentialConfig.forEach((key, value) -> {
                if (key.startsWith("quarkus.oidc-client.")) {
                    command.add("-D" + key + "=" + value);
                }
            });
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            service = builder.start();
            System.out.printf("%nservice pid %d: %s%n  log %s, GC log %s%n", service.pid(), String.join(" ", command), log, gcLog);

            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            URI base = URI.create("http://127.0.0.1:" + port);
            awaitStatus(client, base.resolve("/q/health/ready"), "GET", 200, service);
            awaitStatus(client, base.resolve("/hook/" + flowId), "HEAD", 200, service);

            byte[] body = json(bodyBytes);
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/hook/" + flowId))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
            Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
            List<CompletableFuture<Void>> calls = new ArrayList<>();
            Sampler sampler = new Sampler(client, base, service.pid());
            ScheduledExecutorService timer = Executors.newScheduledThreadPool(1);
            timer.scheduleAtFixedRate(sampler::sample, 0, 500, TimeUnit.MILLISECONDS);
            long periodNanos = 1_000_000_000L / rate;
            long start = System.nanoTime();
            for (int i = 0; i < rate * seconds; i++) {
                long due = start + i * periodNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                calls.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
                    if (failure == null) {
                        statuses.computeIfAbsent(response.statusCode(), s -> new AtomicLong()).incrementAndGet();
                    } else {
                        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                        failures.computeIfAbsent(cause.getClass().getSimpleName(), s -> new AtomicLong()).incrementAndGet();
                    }
                    return null;
                }));
            }
            long sentNanos = System.nanoTime() - start;
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
            long answeredNanos = System.nanoTime() - start;
            TimeUnit.SECONDS.sleep(2);
            timer.shutdown();
            timer.awaitTermination(5, TimeUnit.SECONDS);
            sampler.sample();

            long onKafka = recordsOn(bootstrap, "webhook.received");
            boolean alive = service.isAlive();
            String output = Files.readString(log, StandardCharsets.ISO_8859_1);
            long ooms = output.lines().filter(line -> line.contains("OutOfMemoryError")).count();
            GcSummary gc = GcSummary.of(Files.readAllLines(gcLog));
            long accepted = statuses.getOrDefault(200, new AtomicLong()).get();

            System.out.printf("%nlarge bodies: %,d calls of %,d bytes at %d/s (sent in %.1f s, all answered after %.1f s), "
                            + "service -Xmx%s %s%n", rate * seconds, bodyBytes, rate, sentNanos / 1e9, answeredNanos / 1e9,
                    heap, jvmArgs);
            System.out.printf("  answers by status: %s; client-side failures: %s%n", new TreeMap<>(statuses), failures);
            System.out.printf("  records on webhook.received: %,d (answered 200: %,d)%n", onKafka, accepted);
            System.out.printf("  heap: peak used before a GC %d MiB, peak after a GC %d MiB, peak after a full GC %d MiB "
                            + "(%d young, %d full collections, %d ms in GC)%n", gc.peakBefore, gc.peakAfter,
                    gc.peakAfterFull, gc.young, gc.full, gc.pauseMillis);
            System.out.printf("  RSS peak %d MiB; body bytes in flight peak %s; service alive at the end: %s; "
                    + "OutOfMemoryError lines in its log: %d%n", sampler.peakRssKiB / 1024,
                    sampler.peakInFlight < 0 ? "n/a" : String.format("%,d", sampler.peakInFlight), alive, ooms);

            assertThat(ooms).as("OutOfMemoryError in the service's log " + log).isZero();
            assertThat(onKafka).as("every call answered 200 is on Kafka").isGreaterThanOrEqualTo(accepted);
        } finally {
            if (service != null) {
                service.destroy();
                if (!service.waitFor(30, TimeUnit.SECONDS)) {
                    service.destroyForcibly();
                }
            }
            credentials.stop();
            broker.stop();
        }
    }

    private static void awaitStatus(HttpClient client, URI uri, String method, int status, Process service)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertThat(service.isAlive()).as("the service is running").isTrue();
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(uri)
                        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == status) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new AssertionError(method + " " + uri + " did not answer " + status + " within 120 s");
    }

    private static long recordsOn(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            return consumer.endOffsets(partitions).entrySet().stream()
                    .mapToLong(e -> e.getValue() - begin.get(e.getKey())).sum();
        }
    }

    /** A JSON object of about {@code size} bytes: an array of line items, then padding. */
    static byte[] json(int size) {
        StringBuilder json = new StringBuilder(size + 64).append("{\"petname\":\"Gromit\",\"items\":[");
        for (int n = 0; json.length() < size - 200; n++) {
            json.append(n == 0 ? "" : ",").append("{\"sku\":\"SKU-").append(100000 + n).append("\",\"qty\":")
                    .append(1 + n % 9).append(",\"price\":").append(n % 10000 / 100.0).append('}');
        }
        json.append("],\"note\":\"");
        while (json.length() < size - 2) {
            json.append((char) ('a' + json.length() % 26));
        }
        return json.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Peaks of the service's RSS and of its body bytes in flight, sampled while the calls run. */
    private static final class Sampler {

        private static final Pattern IN_FLIGHT = Pattern.compile("(?m)^hookflow_webhook_body_in_flight_bytes(?:\\{[^}]*})? (\\S+)");

        private final HttpClient client;
        private final URI metrics;
        private final Path status;
        volatile long peakRssKiB;
        volatile long peakInFlight = -1;

        Sampler(HttpClient client, URI base, long pid) {
            this.client = client;
            this.metrics = base.resolve("/q/metrics");
            this.status = Path.of("/proc/" + pid + "/status");
        }

        void sample() {
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmRSS:")) {
                        peakRssKiB = Math.max(peakRssKiB, Long.parseLong(line.replaceAll("\\D", "")));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process is gone
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.ofString());
                Matcher m = IN_FLIGHT.matcher(response.body());
                if (m.find()) {
                    peakInFlight = Math.max(peakInFlight, (long) Double.parseDouble(m.group(1)));
                }
            } catch (IOException | RuntimeException e) {
                // not answering in time: no sample
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Peaks from a {@code -Xlog:gc} file. */
    private record GcSummary(long peakBefore, long peakAfter, long peakAfterFull, int young, int full, long pauseMillis) {

        static GcSummary of(List<String> lines) {
            long before = 0;
            long after = 0;
            long afterFull = 0;
            int young = 0;
            int full = 0;
            double pauses = 0;
            for (String line : lines) {
                Matcher m = GC_LINE.matcher(line);
                if (!m.find()) {
                    continue;
                }
                before = Math.max(before, Long.parseLong(m.group(2)));
                after = Math.max(after, Long.parseLong(m.group(3)));
                if ("Full".equals(m.group(1))) {
                    full++;
                    afterFull = Math.max(afterFull, Long.parseLong(m.group(3)));
                } else {
                    young++;
                }
                int ms = line.lastIndexOf("ms");
                int space = line.lastIndexOf(' ', ms);
                if (ms > 0 && space > 0) {
                    pauses += Double.parseDouble(line.substring(space + 1, ms));
                }
            }
            return new GcSummary(before, after, afterFull, young, full, Math.round(pauses));
        }
    }
}
