package io.hookflow.executor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.hookflow.testsupport.ServiceTokens;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One real HTTP server standing in for flow-service's and credential-service's internal APIs and for the
 * petstore connector. Tests register flows, credentials and scripted connector answers, and read back
 * every request it got.
 */
public final class PlatformStub {


    /** Flow versions by "flowId:version", as JSON. */
    static final Map<String, String> FLOWS = new ConcurrentHashMap<>();
    /** Credentials by id, as JSON. */
    static final Map<String, String> CREDENTIALS = new ConcurrentHashMap<>();
    /** Credentials credential-service refuses to hand out (403), with its error message, by id. */
    static final Map<String, String> REFUSED_CREDENTIALS = new ConcurrentHashMap<>();
    /** Scripted connector answers by executionId; when none is left the connector succeeds. */
    static final Map<String, Deque<Answer>> SCRIPTS = new ConcurrentHashMap<>();
    static final Queue<Request> REQUESTS = new ConcurrentLinkedQueue<>();
    /** Whether {@link #REQUESTS} keeps what arrives; a measurement of many executions turns it off. */
    static volatile boolean recordRequests = true;

    private static final Pattern EXECUTION_ID = Pattern.compile("\"executionId\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern INPUT = Pattern.compile("\"input\"\\s*:\\s*(\\{[^{}]*\\})");
    private static final AtomicLong PET_IDS = new AtomicLong();
    private static HttpServer server;

    private PlatformStub() {
    }

    /** A request the stub received; header names lower-cased; {@code query} the raw query string, null if none. */
    public record Request(String method, String path, String query, Map<String, String> headers, String body) {
    }

    /** A scripted connector answer; with {@code hold}, the stub keeps the call open until hold is released. */
    public record Answer(int status, String body, CountDownLatch hold) {

        public Answer(int status, String body) {
            this(status, body, null);
        }
    }

    static synchronized String start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/", PlatformStub::handle);
        AtomicLong threads = new AtomicLong();
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4,
                task -> new Thread(task, "platform-stub-" + threads.incrementAndGet())));
        server.start();
        return "http://localhost:" + server.getAddress().getPort();
    }

    static synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    static void script(String executionId, Answer... answers) {
        SCRIPTS.put(executionId, new ArrayDeque<>(List.of(answers)));
    }

    static List<Request> requests(String pathPrefix) {
        return REQUESTS.stream().filter(r -> r.path().startsWith(pathPrefix)).collect(Collectors.toList());
    }

    static List<Request> connectorCalls(String executionId) {
        return REQUESTS.stream()
                .filter(r -> r.path().contains("/actions/") && r.body().contains("\"" + executionId + "\""))
                .collect(Collectors.toList());
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            Map<String, String> headers = exchange.getRequestHeaders().entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), e -> e.getValue().get(0),
                            (a, b) -> a));
            if (recordRequests) {
                REQUESTS.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                        headers, body));
            }
            // the "prefixed" connector answers under a base path
            if (path.startsWith("/prefix/")) {
                path = path.substring("/prefix".length());
            }

            // internal calls carry the executor's own service token; connectors get no platform token at all
            if (path.startsWith("/internal/")
                    && !"hookflow-executor".equals(ServiceTokens.clientOf(headers.get("authorization")))) {
                respond(exchange, 401, "{\"error\":\"Missing or wrong service token\"}");
                return;
            }
            if (path.startsWith("/actions/")
                    && (headers.containsKey("authorization") || headers.containsKey("x-hookflow-internal-token"))) {
                respond(exchange, 400, "{\"error\":\"A connector must receive no platform token\"}");
                return;
            }
            if (path.startsWith("/internal/")) {
                Matcher flow = Pattern.compile("/internal/flows/([^/]+)/versions/([^/]+)").matcher(path);
                Matcher credential = Pattern.compile("/internal/credentials/([^/]+)").matcher(path);
                if (credential.matches()) {
                    Refusal refusal = credentialScopeRefusal(credential.group(1),
                            exchange.getRequestURI().getRawQuery());
                    if (refusal != null) {
                        respond(exchange, refusal.status(), "{\"error\":\"" + refusal.error() + "\"}");
                        return;
                    }
                }
                String found = flow.matches() ? FLOWS.get(flow.group(1) + ":" + flow.group(2))
                        : credential.matches() ? CREDENTIALS.get(credential.group(1)) : null;
                if (found == null) {
                    respond(exchange, 404, "{\"error\":\"Not found\"}");
                } else {
                    respond(exchange, 200, found);
                }
                return;
            }
            if (path.startsWith("/actions/") && "POST".equals(exchange.getRequestMethod())) {
                Matcher executionId = EXECUTION_ID.matcher(body);
                Deque<Answer> script = executionId.find() ? SCRIPTS.get(executionId.group(1)) : null;
                Answer scripted = script == null ? null : script.poll();
                if (scripted != null) {
                    if (scripted.hold() != null) {
                        try {
                            scripted.hold().await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    respond(exchange, scripted.status(), scripted.body());
                    return;
                }
                // a created pet: the input plus an id
                Matcher input = INPUT.matcher(body);
                String fields = input.find() ? input.group(1).substring(1, input.group(1).length() - 1) : "";
                String output = "{\"id\":" + PET_IDS.incrementAndGet() + (fields.isBlank() ? "" : "," + fields) + "}";
                respond(exchange, 200, "{\"output\":" + output + "}");
                return;
            }
            respond(exchange, 404, "{\"error\":\"Unknown path " + path + "\"}");
        }
    }

    /**
     * As credential-service: the executor names the flow it reads a credential for, {@code flowId} with
     * {@code version} or {@code draft=true} (else 400); a registered flow version must use the credential in a step,
     * and a credential in {@link #REFUSED_CREDENTIALS} is refused whatever the flow (else 403). Null when the read may
     * go ahead.
     */
    private static Refusal credentialScopeRefusal(String id, String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        String flowId = query.get("flowId");
        boolean draft = "true".equals(query.get("draft"));
        if (flowId == null || flowId.isBlank() || query.containsKey("version") == draft) {
            return new Refusal(400, "The executor reads credential " + id + " for a flow: send flowId and either"
                    + " version or draft=true");
        }
        if (REFUSED_CREDENTIALS.containsKey(id)) {
            return new Refusal(403, REFUSED_CREDENTIALS.get(id));
        }
        String version = draft ? null : FLOWS.get(flowId + ":" + query.get("version"));
        if (version != null && !version.contains("\"credentialId\":\"" + id + "\"")) {
            return new Refusal(403, "Flow " + flowId + " version " + query.get("version") + " does not use credential "
                    + id);
        }
        return null;
    }

    private record Refusal(int status, String error) {
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
