package io.hookflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The public admin API as a user calls it: a Keycloak token for user {@code demo} (password grant of the
 * {@code hookflow-cli} client, renewed before it expires), credentials, flows and execution records.
 */
final class AdminApi {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Endpoints endpoints;
    private String token;
    private Instant tokenRenewAt = Instant.EPOCH;

    AdminApi(Endpoints endpoints) {
        this.endpoints = endpoints;
    }

    /** Where each part answers (the same environment variables as the {@code hookflow} CLI). */
    record Endpoints(String keycloak, String flowApi, String credentialApi, String ingress) {
        static Endpoints fromEnvironment() {
            return new Endpoints(env("HOOKFLOW_OIDC_URL", "http://localhost:8180/realms/hookflow"),
                    env("HOOKFLOW_FLOW_SERVICE_URL", "http://localhost:8081"),
                    env("HOOKFLOW_CREDENTIAL_SERVICE_URL", "http://localhost:8082"),
                    env("HOOKFLOW_INGRESS_URL", "http://localhost:8080"));
        }
    }

    private synchronized String token() {
        if (Instant.now().isAfter(tokenRenewAt)) {
            String form = "grant_type=password&client_id=hookflow-cli&username=demo&password=demo";
            HttpResponse<String> response = send(HttpRequest.newBuilder(
                            URI.create(endpoints.keycloak() + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused a token for demo (HTTP " + response.statusCode() + ")");
            }
            JsonNode body = read(response.body());
            token = body.path("access_token").asText();
            long lifetime = body.path("expires_in").asLong(60);
            tokenRenewAt = Instant.now().plusSeconds(Math.max(5, lifetime - 30));
        }
        return token;
    }

    /** The id of the credential with this name and type, created with {@code config} when there is none. */
    String findOrCreateCredential(String name, String type, ObjectNode config) {
        for (int page = 0; ; page++) {
            JsonNode list = call("GET", endpoints.credentialApi() + "/api/v1/credentials?type=" + enc(type)
                    + "&size=100&page=" + page, null, 200).body();
            for (JsonNode item : list) {
                if (name.equals(item.path("name").asText())) {
                    return item.path("id").asText();
                }
            }
            if (list.size() < 100) {
                break;
            }
        }
        ObjectNode body = JSON.createObjectNode().put("name", name).put("type", type);
        body.set("config", config);
        return call("POST", endpoints.credentialApi() + "/api/v1/credentials", body, 201).body().path("id").asText();
    }

    /** The flow with this name, created from {@code definition} when there is none; published and started. */
    String ensureActiveFlow(ObjectNode definition) {
        String name = definition.path("name").asText();
        JsonNode flow = findFlow(name);
        if (flow == null) {
            flow = call("POST", endpoints.flowApi() + "/api/v1/flows", definition, 201).body();
        }
        String id = flow.path("id").asText();
        if (call("GET", endpoints.flowApi() + "/api/v1/flows/" + id + "/versions", null, 200).body().isEmpty()) {
            call("POST", endpoints.flowApi() + "/api/v1/flows/" + id + "/publish", JSON.createObjectNode(), 201);
        }
        if (!"active".equals(flow.path("status").asText())) {
            call("POST", endpoints.flowApi() + "/api/v1/flows/" + id + "/start", JSON.createObjectNode(), 202);
        }
        return id;
    }

    private JsonNode findFlow(String name) {
        for (int page = 0; ; page++) {
            JsonNode list = call("GET", endpoints.flowApi() + "/api/v1/flows?size=100&page=" + page, null, 200).body();
            for (JsonNode item : list) {
                if (name.equals(item.path("name").asText())) {
                    return item;
                }
            }
            if (list.size() < 100) {
                return null;
            }
        }
    }

    /** The X-Total-Count of the flow's execution list, optionally filtered by status. */
    long countExecutions(String flowId, String status) {
        Answer answer = call("GET", endpoints.flowApi() + "/api/v1/flows/" + flowId + "/executions?size=1"
                + (status == null ? "" : "&status=" + status), null, 200);
        return Long.parseLong(answer.totalCount());
    }

    /** One page (at most 100, newest first) of the flow's execution list. */
    ArrayNode executions(String flowId, String status, int page) {
        return (ArrayNode) call("GET", endpoints.flowApi() + "/api/v1/flows/" + flowId + "/executions?size=100&page="
                + page + (status == null ? "" : "&status=" + status), null, 200).body();
    }

    JsonNode execution(String id) {
        return call("GET", endpoints.flowApi() + "/api/v1/executions/" + id, null, 200).body();
    }

    /** HEAD on the flow's webhook: 200 while ingress takes webhooks for it, else 404. */
    int webhookStatus(String flowId) {
        return send(HttpRequest.newBuilder(URI.create(endpoints.ingress() + "/hook/" + flowId))
                .timeout(Duration.ofSeconds(10))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build()).statusCode();
    }

    /** A single webhook call (for checks before a load run). */
    HttpResponse<String> postWebhook(String flowId, byte[] body, String headerName, String headerValue) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoints.ingress() + "/hook/" + flowId))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headerName != null) {
            request.header(headerName, headerValue);
        }
        return send(request.build());
    }

    private record Answer(JsonNode body, String totalCount) {
    }

    private Answer call(String method, String url, JsonNode body, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token()).header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = send(request.build());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return new Answer(response.body().isBlank() ? JSON.createObjectNode() : read(response.body()),
                response.headers().firstValue("X-Total-Count").orElse("0"));
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
