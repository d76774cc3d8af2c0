package io.hookflow.ingress;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.ingress.config.IngressConfig;
import io.hookflow.ingress.fuzz.FuzzFlow;
import io.hookflow.ingress.fuzz.FuzzRequest;
import io.hookflow.ingress.fuzz.FuzzRequestGenerator;
import io.hookflow.ingress.fuzz.RawHttpConnection;
import io.hookflow.testsupport.KafkaResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fuzzes the public front door: at least 100,000 generated requests over raw sockets ({@link FuzzRequestGenerator}:
 * random and broken bytes, invalid UTF-8 and %-encodings, huge and deeply nested JSON and XML, odd and duplicated headers,
 * every method, live flows of every credential type, unknown flows, other paths). Each must get a 2xx or a 4xx whose body
 * is a JSON object with an {@code error} string: never a 5xx, no answer within 10 s, or a connection closed without an
 * answer. Every 200's {@code requestId} must then be on {@code webhook.received} (as often as it was answered, or once
 * for a Standard Webhooks resend), and every event there must have been answered 200.
 * <p>
 * The HTTP layer's own refusals (bad %-encoding or URI syntax, malformed or oversized headers and request lines, a
 * chunked body that grows over the limit while the REST layer streams it) are JSON too, through the project's extension
 * {@code http-json-errors}; requests generated with such a {@link FuzzRequest#flaw() flaw} are counted apart so the
 * summary shows they were tried; a broken chunk framing gets its JSON 400 before the server closes the connection. The
 * one allowed exception is Quarkus's Prometheus endpoint refusing an Accept it cannot serve (406, no body).
 * <p>
 * No fuzzing library: jqwik (or any property-testing library) runs its properties on its own JUnit Platform engine,
 * where {@code @QuarkusTest} does not start the application, and shrinking a request against a server with state
 * (rate limits, resends) would not give a smaller failing case anyway. Instead each request is a pure function of the
 * seed and its number ({@link java.util.SplittableRandom}), so a failure replays: the seed is printed, and a failure
 * prints the request (method, target, headers, the bytes as hex). Properties:
 * {@code -Dfuzz.seed=<long>|random} (default: a fixed seed, {@link #DEFAULT_SEED}), {@code -Dfuzz.requests=100000}, {@code -Dfuzz.connections=16},
 * {@code -Dfuzz.only=<n>,<n>} to send just those requests of the seed, one at a time.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(CredentialServiceStub.class)
class WebhookFuzzTest {

    /** The seed CI sends; it passed on 2026-12-04 with every content type taken. */
    static final long DEFAULT_SEED = 1645668180149047192L;


    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory JSON_FACTORY = JSON.getFactory();
    private static final int READ_TIMEOUT_MILLIS = 10_000;
    private static final int FAILURES_SHOWN = 25;
    private static final int RATE_LIMIT = 1_000_000;


    private static TestKafka kafka;

    @Inject
    IngressConfig config;

    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> frameworkAnswers = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> answeredIds = new ConcurrentHashMap<>();
    private final Set<String> resendableIds = ConcurrentHashMap.newKeySet();
    private final Map<String, LongAdder> failureReasons = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLong failureCount = new AtomicLong();
    private final AtomicLong ownConnections = new AtomicLong();
    private final Set<String> earlierEvents = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void setUp() {
        kafka = new TestKafka();
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
    }

    @Test
    void everyRequestGetsA2xxOrAJson4xxAndEvery200IsOnKafka() throws Exception {
        // A fixed seed by default, so that CI sends the same 100,000 requests every run; -Dfuzz.seed=random draws one.
        String seedProperty = System.getProperty("fuzz.seed", String.valueOf(DEFAULT_SEED));
        long seed = "random".equals(seedProperty) ? new SecureRandom().nextLong() : Long.parseLong(seedProperty);
        long requests = Long.getLong("fuzz.requests", 100_000L);
        int connections = Integer.getInteger("fuzz.connections", 16);
        System.out.printf("WebhookFuzzTest: seed %d (replay with -Dfuzz.seed=%d), %d requests over %d connections%n",
                seed, seed, requests, connections);

        FuzzRequestGenerator generator = new FuzzRequestGenerator(seed, flows(seed),
                (int) config.maxBodySize().asLongValue(), Clock.systemUTC());
        String only = System.getProperty("fuzz.only", "");
        long started = System.nanoTime();
        if (!only.isBlank()) {
            for (String index : only.split(",")) {
                FuzzRequest request = generator.generate(Long.parseLong(index.trim()));
                System.out.println(request.describe());
                send(request, new RawHttpConnection[1], null, true);
            }
        } else {
            run(generator, requests, connections);
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        Map<String, Integer> events = eventsOnKafka();
        List<String> eventProblems = checkEvents(events);

        System.out.printf("WebhookFuzzTest: seed %d, %d requests in %.1f s (%.0f/s), %d on connections of their own%n",
                seed, requests, seconds, requests / seconds, ownConnections.get());
        System.out.println("  answers by status: " + new TreeMap<>(counts(statuses)));
        System.out.println("  answers to flawed requests (status and flaw), and known gaps:");
        new TreeMap<>(counts(frameworkAnswers)).forEach((key, count) -> System.out.printf("    %6d  %s%n", count, key));
        System.out.println("  JSON 4xx answers by status and error (most frequent first):");
        counts(errors).entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(40)
                .forEach(e -> System.out.printf("    %6d  %s%n", e.getValue(), e.getKey()));
        System.out.printf("  requestIds answered 200: %d distinct; webhook.received events: %d%n",
                answeredIds.size(), events.values().stream().mapToInt(Integer::intValue).sum());
        if (failureCount.get() > 0) {
            System.out.println("  failures by reason: " + new TreeMap<>(counts(failureReasons)));
            System.out.println(String.join("\n\n", failures));
        }
        eventProblems.forEach(problem -> System.out.println("  " + problem));
        assertThat(failureCount.get())
                .as("failures (seed %d; the first %d follow)%n%s", seed, FAILURES_SHOWN, String.join("\n\n", failures))
                .isZero();
        assertThat(eventProblems).as("200s and events on webhook.received that do not match").isEmpty();
    }

    // --- sending --------------------------------------------------------------------------------------------------

    private void run(FuzzRequestGenerator generator, long requests, int connections) throws Exception {
        AtomicLong next = new AtomicLong();
        AtomicLong done = new AtomicLong();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < connections; w++) {
                workers.add(pool.submit(() -> {
                    RawHttpConnection[] shared = new RawHttpConnection[1];
                    FuzzRequest previous = null;
                    for (long i; (i = next.getAndIncrement()) < requests; ) {
                        FuzzRequest request = generator.generate(i);
                        send(request, shared, previous, false);
                        previous = request.ownConnection() ? previous : request;
                        long n = done.incrementAndGet();
                        if (n % 10_000 == 0) {
                            System.out.printf("WebhookFuzzTest: %d requests, %.1f s, %d failures%n", n,
                                    (System.nanoTime() - started) / 1e9, failureCount.get());
                        }
                    }
                    if (shared[0] != null) {
                        shared[0].close();
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(30, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Sends one request, on the worker's kept-alive connection or on one of its own, and judges its answer. The kept-alive
     * connection is given up after an answer that closes it, or an empty-bodied framework 4xx (after which the server
     * may close it without saying so).
     */
    private void send(FuzzRequest request, RawHttpConnection[] shared, FuzzRequest previous, boolean print) {
        RawHttpConnection connection = null;
        try {
            if (request.ownConnection()) {
                ownConnections.incrementAndGet();
                connection = new RawHttpConnection(RestAssured.port, READ_TIMEOUT_MILLIS);
            } else {
                if (shared[0] == null) {
                    shared[0] = new RawHttpConnection(RestAssured.port, READ_TIMEOUT_MILLIS);
                }
                connection = shared[0];
            }
            RawHttpConnection.Answer answer = connection.exchange(request.wire(), request.head());
            if (print) {
                System.out.println("  -> " + describe(answer));
            }
            judge(request, answer);
            boolean keep = !request.ownConnection() && !answer.closes()
                    && !(answer.body().length == 0 && answer.status() >= 400 && !request.head());
            if (!keep) {
                connection.close();
                if (connection == shared[0]) {
                    shared[0] = null;
                }
            }
        } catch (SocketTimeoutException e) {
            fail(request, "no answer within " + READ_TIMEOUT_MILLIS / 1000 + " s", e + after(connection, previous));
            drop(connection, shared);
        } catch (IOException | RuntimeException e) {
            String reason = e instanceof java.io.EOFException || e instanceof java.net.SocketException
                    ? "the connection ended without an answer" : "no HTTP answer";
            fail(request, reason, e + after(connection, previous));
            drop(connection, shared);
        }
    }

    private static String after(RawHttpConnection connection, FuzzRequest previous) {
        return connection != null && connection.used() && previous != null
                ? "\n  (on a kept-alive connection, after request #" + previous.index() + ")" : "";
    }

    private static void drop(RawHttpConnection connection, RawHttpConnection[] shared) {
        if (connection != null) {
            connection.close();
            if (connection == shared[0]) {
                shared[0] = null;
            }
        }
    }

    // --- judging --------------------------------------------------------------------------------------------------

    private void judge(FuzzRequest request, RawHttpConnection.Answer answer) {
        int status = answer.status();
        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
        if (status >= 200 && status < 300) {
            String requestId = status == 200 && !request.head() ? requestIdOf(answer) : null;
            if (requestId != null) {
                answeredIds.computeIfAbsent(requestId, id -> new LongAdder()).increment();
                if (request.flow() != null && request.flow().auth() == FuzzFlow.Auth.STANDARD) {
                    resendableIds.add(requestId);
                }
            } else if (status == 200 && request.webhook()) {
                fail(request, "a 200 without a requestId", describe(answer));
            }
            return;
        }
        if (status >= 400 && status < 500) {
            if (request.head()) {
                return; // a HEAD answer has no body
            }
            if (status == 406 && answer.body().length == 0 && request.target().startsWith("/q/metrics")) {
                // Quarkus's Prometheus endpoint refuses an Accept it cannot serve by itself, without a body.
                frameworkAnswers.computeIfAbsent("406 /q/metrics for an Accept it cannot serve (known gap)", k -> new LongAdder())
                        .increment();
                return;
            }
            if (request.flaw() != null) {
                frameworkAnswers.computeIfAbsent(status + " " + request.flaw(), k -> new LongAdder()).increment();
            }
            String type = answer.header("content-type");
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                fail(request, "a " + status + " that is not JSON", describe(answer));
                return;
            }
            try {
                JsonNode body = JSON.readTree(answer.body());
                if (body == null || !body.isObject() || !body.path("error").isTextual()) {
                    fail(request, "a " + status + " without an error string", describe(answer));
                } else {
                    String flow = status == 401 && request.flow() != null
                            ? " [" + request.flow().auth() + (request.flow().clean() ? ", clean" : "") + "]" : "";
                    errors.computeIfAbsent(status + " " + body.get("error").asText() + flow, k -> new LongAdder()).increment();
                }
            } catch (IOException e) {
                fail(request, "a " + status + " whose body is not JSON", describe(answer));
            }
            return;
        }
        fail(request, "status " + status, describe(answer));
    }

    /**
     * A chunked body over the limit that Quarkus REST reads on a worker (over {@code quarkus.rest.input-buffer-size},
     * 10 KiB): its blocking stream answers 413 itself, without a body, before anything of ingress sees the failure.
     */
    private static String requestIdOf(RawHttpConnection.Answer answer) {
        try {
            JsonNode body = JSON.readTree(answer.body());
            return body != null && body.path("requestId").isTextual() ? body.get("requestId").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void fail(FuzzRequest request, String reason, String detail) {
        failureReasons.computeIfAbsent(reason, r -> new LongAdder()).increment();
        if (failureCount.incrementAndGet() <= FAILURES_SHOWN) {
            failures.add(reason + "\n" + request.describe() + "\n  answer: " + detail);
        }
    }

    private static String describe(RawHttpConnection.Answer answer) {
        String body = answer.bodyText();
        return answer.status() + " " + answer.headers() + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
    }

    // --- Kafka ----------------------------------------------------------------------------------------------------

    /** The requestId of every record on webhook.received, with how often it is there. */
    private static Map<String, Integer> eventsOnKafka() {
        Map<String, Integer> events = new HashMap<>();
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            // TestKafka has just created the topic: its metadata may take a moment to show its partitions.
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                reader.partitionsFor("webhook.received").forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                return !partitions.isEmpty();
            });
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions);
            await().atMost(Duration.ofMinutes(2)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        events.merge(topLevelRequestId(record.value()), 1, Integer::sum);
                    }
                }
                return partitions.stream().allMatch(p -> reader.position(p) >= end.get(p));
            });
        }
        return events;
    }

    private static String topLevelRequestId(byte[] event) throws IOException {
        try (JsonParser parser = JSON_FACTORY.createParser(event)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if ("requestId".equals(name)) {
                    return parser.getText();
                }
                parser.skipChildren();
            }
        }
        return "(none: " + new String(event, 0, Math.min(event.length, 200), StandardCharsets.UTF_8) + ")";
    }

    /** Every 200 on Kafka (once for a Standard Webhooks id, else once per answer), and no event without its 200. */
    private List<String> checkEvents(Map<String, Integer> events) {
        List<String> problems = new ArrayList<>();
        answeredIds.forEach((id, answers) -> {
            int expected = resendableIds.contains(id) ? 1 : answers.intValue();
            int found = events.getOrDefault(id, 0);
            if (found != expected) {
                problems.add(id + ": answered 200 " + answers.intValue() + " times, " + found + " events");
            }
        });
        events.keySet().stream().filter(id -> !answeredIds.containsKey(id) && !earlierEvents.contains(id))
                .forEach(id -> problems.add(id + ": on webhook.received, but no request was answered 200 with it"));
        return problems;
    }

    // --- set-up ---------------------------------------------------------------------------------------------------

    /**
     * A clean and a dirty live flow per credential type. Their ids (and their credentials' ids) come from the seed, so a
     * replay sends to the same ids; their rate limit is high enough never to answer 429 for the flow's budget.
     */
    private List<FuzzFlow> flows(long seed) {
        earlierEvents.addAll(eventsOnKafka().keySet()); // other test classes share the broker
        List<FuzzFlow> flows = new ArrayList<>();
        for (FuzzFlow.Auth auth : FuzzFlow.Auth.values()) {
            for (boolean clean : new boolean[] {true, false}) {
                String id = String.format("%02x%016xc0ffee", 0xf0 + auth.ordinal() * 2 + (clean ? 0 : 1), seed);
                String credentialId = "cafe" + id;
                CredentialServiceStub.put(credentialId, "demo", auth.type, auth.config);
                kafka.flowChanged(id, "active", 1, credentialId, RATE_LIMIT);
                flows.add(new FuzzFlow(id, auth, clean));
            }
        }
        for (FuzzFlow flow : flows) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    given().when().head("/hook/" + flow.id()).then().statusCode(200));
        }
        return flows;
    }

    private static Map<String, Long> counts(Map<?, LongAdder> adders) {
        Map<String, Long> counts = new HashMap<>();
        adders.forEach((key, adder) -> counts.put(String.valueOf(key), adder.sum()));
        return counts;
    }
}
