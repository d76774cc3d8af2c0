package io.hookflow.ingress;

import io.hookflow.testsupport.measure.BenchmarkBody;
import io.hookflow.testsupport.measure.ThreadCpu;
import io.hookflow.testsupport.KafkaResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.lang.management.ThreadInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A measurement, not a test: skipped unless {@code -Dmeasure.webhooks=N} is set. It sends N No Auth webhooks (or
 * HMAC-SHA256 signed ones with {@code -Dmeasure.auth=hmac}) of 1 KiB JSON (the benchmark's body) with
 * {@code -Dmeasure.concurrency} (64) in flight over keep-alive HTTP/1.1 from a Vert.x client of its own, in
 * {@code -Dmeasure.rounds} (1) rounds after {@code -Dmeasure.warmup} (N) unmeasured ones, and prints requests per
 * second (in this closed loop bound by latency, that is by {@code linger.ms}, not by CPU) and, per
 * webhook, the CPU time and heap allocation of ingress's own threads (HTTP event loops, the Kafka producer's threads),
 * and of the whole JVM (which also runs the in-JVM broker and the client). It asserts only that every call was
 * accepted. E.g. {@code ../mvnw -B -q test -Dtest=WebhookThroughputMeasurement -Dmeasure.webhooks=40000 -Dmeasure.rounds=3}; add
 * {@code -DargLine="-Xmx256m -XX:+UseSerialGC"} for ./hookflow's JVM flags, and
 * {@code -Dmeasure.jfr=/tmp/ingress.jfr} for a JFR recording of the measured rounds (settings "profile", CPU samples every millisecond).
 * {@code -Dmeasure.body-bytes=1048576} sends bodies of that size instead (built the same way; its own profile lets bodies
 * up to 10 MiB in), e.g. to count how many bytes ingress allocates per body byte.
 */
@QuarkusTest
@TestProfile(WebhookThroughputMeasurement.LargeBodiesAllowed.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(CredentialServiceStub.class)
@EnabledIfSystemProperty(named = "measure.webhooks", matches = "\\d+")
class WebhookThroughputMeasurement {

    /** Bodies up to 10 MiB, as in production (the test profile allows 1 KiB). */
    public static class LargeBodiesAllowed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ingress.max-body-size", "10M");
        }
    }

    private static final String NOAUTH = "c0ffee0000000000000000aa";
    private static final String HMAC = "c0ffee0000000000000000ab";
    private static final String HMAC_SECRET = "measurement-secret";

    private static TestKafka kafka;

    @BeforeAll
    static void setUp() {
        kafka = new TestKafka();
        CredentialServiceStub.put(NOAUTH, "demo", "webhook-noauth", "{}");
        CredentialServiceStub.put(HMAC, "demo", "webhook-hmac", "{\"secret\":\"" + HMAC_SECRET + "\"}");
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
    }

    @Test
    void measureWebhooks() throws Exception {
        boolean hmac = "hmac".equals(System.getProperty("measure.auth"));
        int n = Integer.getInteger("measure.webhooks");
        int warmup = Integer.getInteger("measure.warmup", n);
        int concurrency = Integer.getInteger("measure.concurrency", 64);
        int rounds = Integer.getInteger("measure.rounds", 1);
        String flowId = HexFormat.of().formatHex(new byte[] {0x0b, 0x0e, 0x0c, 0x0b, 1, 2, 3, 4, 5, 6, 7, (byte) (hmac ? 9 : 8)});
        kafka.flowChanged(flowId, "active", 1, hmac ? HMAC : NOAUTH, 100_000_000);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().head("/hook/" + flowId).then().statusCode(200));

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                    .setDefaultHost("localhost").setDefaultPort(RestAssured.port), new PoolOptions().setHttp1MaxSize(concurrency));
            int bodyBytes = Integer.getInteger("measure.body-bytes", 1024);
            byte[] json = BenchmarkBody.json(bodyBytes);
            Buffer body = Buffer.buffer(json);
            RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setURI("/hook/" + flowId)
                    .putHeader("content-type", "application/json");
            if (hmac) {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(HMAC_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                request.putHeader("x-eio-signature", HexFormat.of().formatHex(mac.doFinal(json)));
            }
            Thread clientThread = CompletableFuture.supplyAsync(Thread::currentThread,
                    task -> vertx.runOnContext(v -> task.run())).get();

            Map<Integer, Long> statuses = run(vertx, client, request, body, warmup, concurrency);
            assertThat(statuses).as("warm-up answers").containsOnlyKeys(200);
            String jfr = System.getProperty("measure.jfr");
            Recording recording = jfr == null ? null : new Recording(Configuration.getConfiguration("profile"));
            if (recording != null) {
                recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
                recording.start();
            }
            for (int round = 1; round <= rounds; round++) {
                ThreadCpu before = ThreadCpu.take(info -> groupOf(info, clientThread));
                long start = System.nanoTime();
                statuses = run(vertx, client, request, body, n, concurrency);
                long wall = System.nanoTime() - start;
                ThreadCpu after = ThreadCpu.take(info -> groupOf(info, clientThread));
                assertThat(statuses).as("answers").containsOnlyKeys(200);
                report(hmac ? "HMAC" : "No Auth", json.length, round, n, concurrency, wall, before, after);
            }
            if (recording != null) {
                recording.stop();
                recording.dump(Path.of(jfr));
                recording.close();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static Map<Integer, Long> run(Vertx vertx, HttpClient client, RequestOptions request, Buffer body,
                                          int n, int concurrency) throws Exception {
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        AtomicLong sent = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            if (sent.getAndIncrement() >= n) {
                return;
            }
            client.request(request)
                    .compose(r -> r.send(body))
                    .compose(response -> response.body().map(b -> response.statusCode()))
                    .onComplete(ar -> {
                        statuses.merge(ar.succeeded() ? ar.result() : -1, 1L, Long::sum);
                        if (completed.incrementAndGet() == n) {
                            done.complete(null);
                        } else {
                            next[0].run();
                        }
                    });
        };
        vertx.runOnContext(v -> {
            for (int i = 0; i < concurrency; i++) {
                next[0].run();
            }
        });
        done.get(10, TimeUnit.MINUTES);
        return statuses;
    }

    private static void report(String auth, int bodyBytes, int round, int n, int concurrency, long wallNanos,
                               ThreadCpu before, ThreadCpu after) {
        StringBuilder out = new StringBuilder(String.format(
                "%nmeasure round %d: %,d webhooks (%,d bytes of JSON, %s), %d in flight: %,.0f accepted/s; %s%n",
                round, n, bodyBytes, auth, concurrency, n / (wallNanos / 1e9), System.getProperty("java.vm.version")));
        out.append(String.format("  %-34s %12s %14s%n", "threads", "CPU µs/req", "alloc B/req"));
        long cpuIngress = 0;
        long allocIngress = 0;
        for (String group : GROUPS) {
            long cpu = after.cpuSince(before, group);
            long alloc = after.allocatedSince(before, group);
            if (!group.startsWith("other") && !group.startsWith("client")) {
                cpuIngress += cpu;
                allocIngress += alloc;
            }
            out.append(String.format("  %-34s %12.1f %,14d%n", group, cpu / 1e3 / n, alloc / n));
        }
        out.append(String.format("  %-34s %12.1f %,14d%n", "= ingress (the rows above others)", cpuIngress / 1e3 / n,
                allocIngress / n));
        out.append(String.format("  %-34s %12.1f%n", "whole JVM (process CPU)", after.processCpuSince(before) / 1e3 / n));
        out.append(String.format("  GC: %d collections, %d ms%n", after.gcCountSince(before), after.gcMillisSince(before)));
        System.out.println(out);
    }

    /** The thread groups the CPU and allocation are reported by. */
    private static final String[] GROUPS = {"ingress event loops", "kafka producer network thread",
            "kafka sending thread", "ingress worker threads", "client event loop", "other (broker, test, JVM)"};


    private static String groupOf(ThreadInfo info, Thread clientThread) {
        String name = info.getThreadName();
        if (info.getThreadId() == clientThread.getId()) {
            return GROUPS[4];
        }
        if (name.startsWith("vert.x-eventloop-thread-")) {
            return GROUPS[0];
        }
        if (name.startsWith("kafka-producer-network-thread") && name.contains("webhook-received")) {
            return GROUPS[1];
        }
        if (name.startsWith("smallrye-kafka-producer-thread") || name.startsWith("webhook-received-sender")) {
            return GROUPS[2];
        }
        if (name.startsWith("executor-thread-")) {
            // Quarkus REST reads a body over quarkus.rest.input-buffer-size (10 KiB) on a worker thread.
            return GROUPS[3];
        }
        return GROUPS[5];
    }
}
