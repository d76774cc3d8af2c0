package io.hookflow.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The public admin and webhook APIs as a user calls them, with one user's token ({@link PasswordGrant}):
 * a JSON call that checks the status it expects, and the operations the local command, the benchmark and the
 * end-to-end tests share (find by name, credentials, flows, publish, start, executions, webhooks).
 */
public final class AdminClient {

    /** The page size of list calls; a shorter page is the last. */
    static final int PAGE = 100;
    private static final int MAX_BODY_IN_ERROR = 500;

    private final HttpClient http;
    private final AdminEndpoints endpoints;
    private final PasswordGrant grant;

    public AdminClient(AdminEndpoints endpoints, PasswordGrant grant) {
        this(Http.CLIENT, endpoints, grant);
    }

    AdminClient(HttpClient http, AdminEndpoints endpoints, PasswordGrant grant) {
        this.http = http;
        this.endpoints = endpoints;
        this.grant = grant;
    }

    /** The local realm's user {@code user} (its password is its name) against {@code endpoints}. */
    public static AdminClient localUser(AdminEndpoints endpoints, String user) {
        return new AdminClient(endpoints, PasswordGrant.localUser(endpoints.oidc(), user));
    }

    public AdminEndpoints endpoints() {
        return endpoints;
    }

    /** The user's current access token. */
    public String token() {
        return grant.token();
    }

    // --- calls -------------------------------------------------------------------------------------------

    /** An authorised call whose status the caller checks itself; {@code body} may be null. */
    public HttpResponse<String> send(String method, String url, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + grant.token()).header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return Http.send(http, request.build());
    }

    /**
     * An authorised call that must answer {@code expected}; its JSON body (an empty object when there is none).
     * Any other status throws an {@link AdminException} naming the call, the status and the {@code error} of the
     * answer's {@code {"error": ...}} body (or the start of the body when it has none).
     */
    public JsonNode call(String method, String url, JsonNode body, int expected) {
        return json(expect(send(method, url, body), expected));
    }

    /** The {@code X-Total-Count} of a list ({@code GET url}, which must answer 200). */
    public long totalCount(String url) {
        HttpResponse<String> response = expect(send("GET", url, null), 200);
        String count = response.headers().firstValue("X-Total-Count")
                .orElseThrow(() -> new AdminException("GET " + url + " answered no X-Total-Count"));
        return Long.parseLong(count);
    }

    /** The first item called {@code name} in a paged list (walked {@value #PAGE} items a page), if any. */
    public Optional<JsonNode> findByName(String listUrl, String name) {
        String separator = listUrl.contains("?") ? "&" : "?";
        for (int page = 0; ; page++) {
            JsonNode list = call("GET", listUrl + separator + "size=" + PAGE + "&page=" + page, null, 200);
            for (JsonNode item : list) {
                if (name.equals(item.path("name").asText())) {
                    return Optional.of(item);
                }
            }
            if (list.size() < PAGE) {
                return Optional.empty();
            }
        }
    }

    // --- credentials -------------------------------------------------------------------------------------

    /** The id of the user's credential with this name and type, if there is one. */
    public Optional<String> findCredential(String name, String type) {
        return findByName(endpoints.credentialApi() + "/api/v1/credentials?type=" + enc(type), name)
                .map(credential -> credential.path("id").asText());
    }

    /** Creates a credential; its id. */
    public String createCredential(String name, String type, ObjectNode config) {
        ObjectNode body = Http.JSON.createObjectNode().put("name", name).put("type", type);
        body.set("config", config);
        return call("POST", endpoints.credentialApi() + "/api/v1/credentials", body, 201).path("id").asText();
    }

    /** The id of the credential with this name and type, created with {@code config} when there is none. */
    public String findOrCreateCredential(String name, String type, ObjectNode config) {
        return findCredential(name, type).orElseGet(() -> createCredential(name, type, config));
    }

    // --- flows -------------------------------------------------------------------------------------------

    /** The user's flow with this name, if there is one. */
    public Optional<JsonNode> findFlow(String name) {
        return findByName(endpoints.flowApi() + "/api/v1/flows", name);
    }

    /** Creates a flow (a draft) from its definition; the created flow. */
    public JsonNode createFlow(ObjectNode definition) {
        return call("POST", endpoints.flowApi() + "/api/v1/flows", definition, 201);
    }

    /** Whether the flow has a published version. */
    public boolean hasVersions(String flowId) {
        return !call("GET", endpoints.flowApi() + "/api/v1/flows/" + flowId + "/versions", null, 200).isEmpty();
    }

    /** Publishes the flow's draft; the version's number. */
    public int publish(String flowId) {
        return call("POST", endpoints.flowApi() + "/api/v1/flows/" + flowId + "/publish",
                Http.JSON.createObjectNode(), 201).path("version").asInt();
    }

    /** Starts the flow (its latest version). */
    public void start(String flowId) {
        call("POST", endpoints.flowApi() + "/api/v1/flows/" + flowId + "/start", Http.JSON.createObjectNode(), 202);
    }

    /**
     * The flow named as in {@code definition}, created from it when there is none, published when it has no
     * version and started when it is not active; what was done.
     */
    public ActiveFlow ensureActiveFlow(ObjectNode definition) {
        Optional<JsonNode> existing = findFlow(definition.path("name").asText());
        JsonNode flow = existing.orElseGet(() -> createFlow(definition));
        String id = flow.path("id").asText();
        int published = hasVersions(id) ? 0 : publish(id);
        boolean start = !"active".equals(flow.path("status").asText());
        if (start) {
            start(id);
        }
        return new ActiveFlow(id, existing.isEmpty(), published, start);
    }

    // --- executions --------------------------------------------------------------------------------------

    /** One execution with its steps (it must exist). */
    public JsonNode execution(String executionId) {
        return call("GET", endpoints.flowApi() + "/api/v1/executions/" + executionId, null, 200);
    }

    // --- webhooks (public, no token) ---------------------------------------------------------------------

    /** HEAD on the flow's webhook: 200 while ingress takes webhooks for it, else 404. */
    public int webhookStatus(String flowId) {
        return Http.send(http, HttpRequest.newBuilder(URI.create(webhookUrl(flowId))).timeout(Duration.ofSeconds(10))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build()).statusCode();
    }

    /** One JSON webhook call, with one extra header unless {@code headerName} is null. */
    public HttpResponse<String> postWebhook(String flowId, byte[] body, String headerName, String headerValue) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(webhookUrl(flowId)))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headerName != null) {
            request.header(headerName, headerValue);
        }
        return Http.send(http, request.build());
    }

    /** The flow's webhook URL. */
    public String webhookUrl(String flowId) {
        return endpoints.ingress() + "/hook/" + flowId;
    }

    // --- helpers -----------------------------------------------------------------------------------------

    private static HttpResponse<String> expect(HttpResponse<String> response, int expected) {
        if (response.statusCode() != expected) {
            throw new AdminException(response.request().method() + " " + response.request().uri() + " answered "
                    + response.statusCode() + " (expected " + expected + "): " + errorOf(response.body()));
        }
        return response;
    }

    /** The text of an {@code {"error": ...}} body, else the start of the body. */
    static String errorOf(String body) {
        JsonNode json = Http.parse(body);
        if (json != null && json.path("error").isTextual()) {
            return json.path("error").asText();
        }
        if (body == null || body.isBlank()) {
            return "(no body)";
        }
        return body.length() > MAX_BODY_IN_ERROR ? body.substring(0, MAX_BODY_IN_ERROR) + "…" : body;
    }

    private static JsonNode json(HttpResponse<String> response) {
        if (response.body().isBlank()) {
            return Http.JSON.createObjectNode();
        }
        JsonNode json = Http.parse(response.body());
        if (json == null) {
            throw new AdminException(response.request().method() + " " + response.request().uri()
                    + " answered " + response.statusCode() + " with a body that is not JSON: " + errorOf(response.body()));
        }
        return json;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
