package io.hookflow.petstore.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookflow.testsupport.measure.ThreadCpu;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.lang.management.ThreadInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A measurement, not a test: skipped unless {@code -Dmeasure.calls=N} is set. It sends N {@code POST /actions/createPet}
 * calls as the executor sends them (the body and {@code Idempotency-Key} of a 2-step execution, no token) over
 * keep-alive HTTP/1.1 from a Vert.x client of its own, {@code -Dmeasure.concurrency} (64) in flight, either as fast as
 * answers come (closed loop) or at {@code -Dmeasure.rate} calls/s (open loop, at most the concurrency in flight), in
 * {@code -Dmeasure.rounds} (1) rounds after {@code -Dmeasure.warmup} (N) unmeasured ones. It prints calls per second
 * and, per call, the CPU time and heap allocation of the connector's threads (its event loop and workers), of the
 * Petstore stub's threads, and of the whole JVM. It asserts only that every call got a 200.
 * E.g. {@code ../mvnw -B -q test -Dtest=CreatePetThroughputMeasurement -Dmeasure.calls=30000 -Dmeasure.rate=1500
 * -Dmeasure.rounds=3}; add {@code -DargLine="-XX:+UseSerialGC"} for ./hookflow's GC and
 * {@code -Dmeasure.jfr=/tmp/connector.jfr} for a JFR recording of the measured rounds (CPU samples every millisecond).
 * The stub shares the JVM and the cores, so the whole-JVM figure is not the connector's; run the packaged jars side
 * by side (README.md, Performance) for the figures of the connector and the demo Petstore API as deployed.
 */
@QuarkusTest
@WithTestResource(PetstoreStubResource.class)
@EnabledIfSystemProperty(named = "measure.calls", matches = "\\d+")
class CreatePetThroughputMeasurement {

    @Test
    void measureCreatePet() throws Exception {
        int n = Integer.getInteger("measure.calls");
        int warmup = Integer.getInteger("measure.warmup", n);
        int concurrency = Integer.getInteger("measure.concurrency", 64);
        int rounds = Integer.getInteger("measure.rounds", 1);
        int rate = Integer.getInteger("measure.rate", 0);

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                    .setDefaultHost("localhost").setDefaultPort(RestAssured.port),
                    new PoolOptions().setHttp1MaxSize(concurrency));
            Thread clientThread = CompletableFuture.supplyAsync(Thread::currentThread,
                    task -> vertx.runOnContext(v -> task.run())).get();

            assertThat(run(vertx, client, warmup, concurrency, rate)).as("warm-up answers").containsOnlyKeys(200);
            String jfr = System.getProperty("measure.jfr");
            Recording recording = jfr == null ? null : new Recording(Configuration.getConfiguration("profile"));
            if (recording != null) {
                recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
                recording.start();
            }
            for (int round = 1; round <= rounds; round++) {
                ThreadCpu before = ThreadCpu.take(info -> groupOf(info, clientThread));
                long start = System.nanoTime();
                Map<Integer, Long> statuses = run(vertx, client, n, concurrency, rate);
                long wall = System.nanoTime() - start;
                ThreadCpu after = ThreadCpu.take(info -> groupOf(info, clientThread));
                assertThat(statuses).as("answers").containsOnlyKeys(200);
                report(round, n, concurrency, rate, wall, before, after);
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

    /** Sends n calls, each a new execution; answers the count of each status (-1: no answer). */
    private static Map<Integer, Long> run(Vertx vertx, HttpClient client, int n, int concurrency, int rate)
            throws Exception {
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        AtomicLong sent = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            if (sent.getAndIncrement() >= n) {
                return;
            }
            String executionId = UUID.randomUUID().toString().replace("-", "");
            RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setURI("/actions/createPet")
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Idempotency-Key", executionId + ":step_2");
            Buffer body = Buffer.buffer("{\"credentials\":{\"apiKey\":\"" + PetstoreStubResource.KEY + "\"},"
                    + "\"input\":{\"name\":\"Gromit\",\"status\":\"sold\"},\"executionId\":\"" + executionId
                    + "\",\"stepId\":\"step_2\"}");
            client.request(request)
                    .compose(r -> r.send(body))
                    .compose(response -> response.body().map(b -> response.statusCode()))
                    .onComplete(ar -> {
                        statuses.merge(ar.succeeded() ? ar.result() : -1, 1L, Long::sum);
                        if (completed.incrementAndGet() == n) {
                            done.complete(null);
                        } else if (rate <= 0) {
                            next[0].run();
                        }
                    });
        };
        if (rate <= 0) {
            vertx.runOnContext(v -> {
                for (int i = 0; i < concurrency; i++) {
                    next[0].run();
                }
            });
        } else {
            // open loop: every millisecond, send the calls that are due, with at most `concurrency` in flight
            long start = System.nanoTime();
            vertx.setPeriodic(1, timer -> {
                long due = Math.min(n, (System.nanoTime() - start) * rate / 1_000_000_000L);
                while (sent.get() < due && sent.get() - completed.get() < concurrency) {
                    next[0].run();
                }
                if (sent.get() >= n) {
                    vertx.cancelTimer(timer);
                }
            });
        }
        done.get(10, TimeUnit.MINUTES);
        return statuses;
    }

    private static void report(int round, int n, int concurrency, int rate, long wallNanos, ThreadCpu before,
            ThreadCpu after) {
        StringBuilder out = new StringBuilder(String.format(
                "%nmeasure round %d: %,d createPet calls, %s, %d in flight at most: %,.0f calls/s; %s%n",
                round, n, rate > 0 ? String.format("%,d/s offered", rate) : "closed loop", concurrency,
                n / (wallNanos / 1e9), System.getProperty("java.vm.version")));
        out.append(String.format("  %-34s %12s %14s%n", "threads", "CPU µs/call", "alloc B/call"));
        for (String group : GROUPS) {
            long cpu = after.cpuSince(before, group);
            long alloc = after.allocatedSince(before, group);
            out.append(String.format("  %-34s %12.1f %,14d%n", group, cpu / 1e3 / n, alloc / n));
        }
        out.append(String.format("  %-34s %12.1f%n", "whole JVM (process CPU)",
                after.processCpuSince(before) / 1e3 / n));
        out.append(String.format("  GC: %d collections, %d ms%n", after.gcCountSince(before),
                after.gcMillisSince(before)));
        System.out.println(out);
    }

    /** The thread groups the CPU and allocation are reported by. */
    private static final String[] GROUPS = {"connector event loop", "connector workers", "Petstore stub",
        "client event loop", "other (JIT, GC, test, JVM)"};


    private static String groupOf(ThreadInfo info, Thread clientThread) {
        String name = info.getThreadName();
        if (info.getThreadId() == clientThread.getId()) {
            return GROUPS[3];
        }
        if (name.startsWith("vert.x-eventloop-thread-")) {
            return GROUPS[0];
        }
        if (name.startsWith("executor-thread-")) {
            return GROUPS[1];
        }
        if (name.startsWith("pool-") || name.startsWith("HTTP-Dispatcher")) {
            return GROUPS[2];
        }
        return GROUPS[4];
    }
}
