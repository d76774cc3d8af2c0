package io.hookflow.executor;

import io.hookflow.executor.event.ExecutionIntake;

import io.hookflow.testsupport.measure.BenchmarkBody;
import io.hookflow.testsupport.measure.ThreadCpu;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.testsupport.KafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A measurement, not a test: skipped unless {@code -Dmeasure.executions=N} is set. Like the benchmark's backlog
 * run, it holds the executor's {@code webhook.received} intake, produces N {@code webhook.received} events of a
 * two-step flow (webhook, then petstore createPet mapping {@code petname}/{@code petstatus}) with the benchmark's
 * 1 KiB body, releases the intake and waits until N final records are on {@code execution.recorded}. It prints
 * executions per second (overall and between 10 % and 90 % done) and, per execution, the CPU time and heap
 * allocation of the executor's own threads (workers, Vert.x event loops, its Kafka clients), of the stub
 * ({@link PlatformStub}), and of the whole JVM (which also runs the broker and this test's client). It asserts only
 * that every execution succeeded once.
 *
 * <p>Options: {@code -Dmeasure.warmup} (N) unmeasured executions first, {@code -Dmeasure.rounds} (1),
 * {@code -Dmeasure.jfr=<file>} adds a round recorded with JFR's {@code profile} settings and 1 ms CPU sampling. E.g.
 * {@code ../mvnw -B -q verify -Dtest=ExecutionThroughputMeasurement -Dmeasure.executions=20000
 * -DargLine="-Xmx256m -XX:+UseSerialGC" -Dmeasure.jfr=target/executor.jfr}
 * (the argLine gives ./hookflow's JVM flags).
 */
@QuarkusTest
@TestProfile(ExecutionThroughputMeasurement.Quiet.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(PlatformStubResource.class)
@EnabledIfSystemProperty(named = "measure.executions", matches = "\\d+")
class ExecutionThroughputMeasurement {

    private static final String CREDENTIAL = "c0ffee0000000000000000bb";
    private static final Pattern FINAL = Pattern.compile(
            "^\\{\"executionId\":\"[^\"]*\",\"requestId\":\"([0-9a-f]{32})\",\"flowId\":\"([0-9a-f]+)\".*?"
                    + "\"status\":\"(succeeded|failed|running)\"");
    private static final Random RANDOM = new Random();

    /**
     * Makes the incoming channel pausable, so that a backlog can be built before the executor takes it, and logs to
     * a file as ./hookflow does (not to the console).
     */
    public static class Quiet implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.console.enable", "false",
                    "quarkus.log.file.enable", "true",
                    "quarkus.log.file.path", "target/measure/executor.log",
                    // as deployed: quick executions write only their final record
                    "executor.running-record-delay", "1s");
        }
    }

    @Inject
    ExecutionIntake intake;

    private static KafkaProducer<String, String> producer;
    private static KafkaConsumer<String, String> records;

    @BeforeAll
    static void connect() throws Exception {
        String servers = KafkaResource.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            for (NewTopic topic : List.of(new NewTopic("webhook.received", 6, (short) 1),
                    new NewTopic("execution.recorded", 6, (short) 1),
                    new NewTopic("webhook.received.dlq", 1, (short) 1))) {
                try {
                    admin.createTopics(List.of(topic)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "5",
                ProducerConfig.BATCH_SIZE_CONFIG, "262144"));
        records = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000"));
        List<TopicPartition> partitions = await().atMost(Duration.ofSeconds(30))
                .until(() -> records.partitionsFor("execution.recorded", Duration.ofSeconds(5)), list -> !list.isEmpty())
                .stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        records.assign(partitions);
        records.seekToEnd(partitions);
        partitions.forEach(records::position);
        PlatformStub.recordRequests = false;
        PlatformStub.CREDENTIALS.put(CREDENTIAL, "{\"id\":\"" + CREDENTIAL
                + "\",\"workspace\":\"demo\",\"type\":\"petstore\",\"config\":{\"apiKey\":\"measure-secret-key\"}}");
    }

    @AfterAll
    static void disconnect() {
        PlatformStub.recordRequests = true;
        producer.close();
        records.close();
    }

    @Test
    void measureBacklogDrain() throws Exception {
        int n = Integer.getInteger("measure.executions");
        int warmup = Integer.getInteger("measure.warmup", n);
        int rounds = Integer.getInteger("measure.rounds", 1);
        String jfr = System.getProperty("measure.jfr");
        ExecutionIntake channel = intake;
        String body = new String(BenchmarkBody.json(1024), StandardCharsets.UTF_8);

        if (warmup > 0) {
            drain(channel, flow(), body, warmup);
        }
        for (int round = 1; round <= rounds; round++) {
            report("round " + round, n, drain(channel, flow(), body, n));
        }
        if (jfr != null) {
            // its own round: the recording (1 ms CPU sampling, allocation samples) costs CPU itself
            try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
                recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
                recording.start();
                Result result = drain(channel, flow(), body, n);
                recording.stop();
                Path file = Path.of(jfr).toAbsolutePath();
                Files.createDirectories(file.getParent());
                recording.dump(file);
                report("profiled round, JFR in " + file, n, result);
            }
        }
    }

    /** Builds a backlog of {@code n} events with the channel paused, then resumes it and waits for n finals. */
    private Result drain(ExecutionIntake channel, String flowId, String body, int n) throws Exception {
        channel.holdWebhooks(true);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String requestId = hex(16);
            ids.add(requestId);
            producer.send(new ProducerRecord<>("webhook.received", flowId, event(requestId, flowId, body)));
        }
        producer.flush();

        ThreadCpu before = ThreadCpu.take(info -> groupOf(info.getThreadName()));
        long start = System.nanoTime();
        channel.holdWebhooks(false);
        Set<String> finished = new HashSet<>();
        int failed = 0;
        long at10 = 0;
        long at90 = 0;
        long deadline = start + Duration.ofMinutes(10).toNanos();
        while (finished.size() < n && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : records.poll(Duration.ofMillis(20))) {
                Matcher m = FINAL.matcher(record.value());
                if (m.find() && m.group(2).equals(flowId) && !"running".equals(m.group(3))
                        && ids.contains(m.group(1)) && finished.add(m.group(1))) {
                    failed += "failed".equals(m.group(3)) ? 1 : 0;
                }
            }
            long now = System.nanoTime();
            if (at10 == 0 && finished.size() >= n / 10) {
                at10 = now;
            }
            if (at90 == 0 && finished.size() >= n * 9 / 10) {
                at90 = now;
            }
        }
        long end = System.nanoTime();
        ThreadCpu after = ThreadCpu.take(info -> groupOf(info.getThreadName()));
        assertThat(finished).as("executions with a final record").hasSize(n);
        assertThat(failed).as("failed executions").isZero();
        return new Result(end - start, at90 - at10, before, after);
    }

    private record Result(long wallNanos, long middleNanos, ThreadCpu before, ThreadCpu after) {
    }

    private static void report(String round, int n, Result r) {
        var config = ConfigProvider.getConfig();
        StringBuilder out = new StringBuilder(String.format(
                "%nmeasure %s: %,d executions (2 steps, 1 KiB body) drained in %.2f s: %,.0f executions/s overall,"
                        + " %,.0f/s from 10 %% to 90 %%; concurrency %s; %s; load average %.2f%n",
                round, n, r.wallNanos() / 1e9, n / (r.wallNanos() / 1e9), 0.8 * n / (r.middleNanos() / 1e9),
                config.getOptionalValue("executor.concurrency", String.class)
                        .orElse("?"),
                ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-XX:Tiered") || a.startsWith("-XX:+Use") || a.startsWith("-Xmx"))
                        .toList(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        out.append(String.format("  %-40s %12s %14s%n", "threads", "CPU µs/exec", "alloc B/exec"));
        long cpuExecutor = 0;
        long allocExecutor = 0;
        for (String group : GROUPS) {
            long cpu = r.after().cpuSince(r.before(), group);
            long alloc = r.after().allocatedSince(r.before(), group);
            if (!group.startsWith("(")) {
                cpuExecutor += cpu;
                allocExecutor += alloc;
            }
            out.append(String.format("  %-40s %12.1f %,14d%n", group, cpu / 1e3 / n, alloc / n));
        }
        out.append(String.format("  %-40s %12.1f %,14d%n", "= executor (the rows without parentheses)",
                cpuExecutor / 1e3 / n, allocExecutor / n));
        out.append(String.format("  %-40s %12.1f%n", "whole JVM (process CPU, incl. GC, JIT)",
                r.after().processCpuSince(r.before()) / 1e3 / n));
        out.append(String.format("  GC: %d collections, %d ms%n", r.after().gcCountSince(r.before()),
                r.after().gcMillisSince(r.before())));
        System.out.println(out);
    }

    /** The thread groups the CPU and allocation are reported by. */
    private static final String[] GROUPS = {"executor-workers", "vert.x event loops", "vert.x other",
            "kafka producers (network threads)", "smallrye kafka consumer/producer", "fault tolerance",
            "(platform stub)", "(broker, test client, other)"};


    private static String groupOf(String name) {
        if (name.startsWith("executor-workers")) {
            return GROUPS[0];
        }
        if (name.startsWith("vert.x-eventloop-thread-")) {
            return GROUPS[1];
        }
        if (name.startsWith("vert.x-") || name.startsWith("executor-thread-")) {
            return GROUPS[2];
        }
        if (name.startsWith("kafka-producer-network-thread | kafka-producer-")) {
            return GROUPS[3];
        }
        if (name.startsWith("smallrye-kafka-")) {
            return GROUPS[4];
        }
        if (name.toLowerCase().contains("fault tolerance")) {
            return GROUPS[5];
        }
        if (name.startsWith("platform-stub-") || name.startsWith("HTTP-Dispatcher")) {
            return GROUPS[6];
        }
        return GROUPS[7];
    }

    private static String flow() throws Exception {
        String flowId = hex(12);
        Map<String, Object> trigger = Map.of("id", "step_1", "name", "Webhook", "component", "webhook",
                "function", "receive", "credentialId", hex(12));
        Map<String, String> mapping = new LinkedHashMap<>();
        mapping.put("name", "petname");
        mapping.put("status", "petstatus");
        Map<String, Object> action = Map.of("id", "step_2", "name", "Create pet 1", "component", "petstore",
                "function", "createPet", "credentialId", CREDENTIAL, "mapping", mapping);
        PlatformStub.FLOWS.put(flowId + ":1", new ObjectMapper().writeValueAsString(Map.of("flowId", flowId,
                "workspace", "demo", "name", "measure", "version", 1, "steps", List.of(trigger, action),
                "settings", Map.of())));
        return flowId;
    }

    private static String event(String requestId, String flowId, String body) {
        return "{\"requestId\":\"" + requestId + "\",\"flowId\":\"" + flowId + "\",\"workspace\":\"demo\","
                + "\"flowVersion\":1,\"receivedAt\":\"2026-11-28T20:40:03.123Z\",\"method\":\"POST\",\"path\":\"\","
                + "\"contentType\":\"application/json\",\"headers\":{\"content-type\":\"application/json\","
                + "\"user-agent\":\"hookflow-measure\"},\"query\":{},\"body\":" + body + "}";
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
