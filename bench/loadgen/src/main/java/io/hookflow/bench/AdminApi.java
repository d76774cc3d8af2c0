package io.hookflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookflow.admin.AdminClient;
import io.hookflow.admin.AdminEndpoints;

import java.net.http.HttpResponse;

/**
 * The public admin API as a user calls it, through the shared {@link AdminClient} (dev/admin-client): user
 * {@code demo}'s token (password grant of the {@code hookflow-cli} client, renewed before it expires),
 * credentials, flows and execution records, plus the bench's own queries of the run log.
 */
final class AdminApi {

    static final ObjectMapper JSON = new ObjectMapper();

    private final AdminClient client;
    private final Endpoints endpoints;

    AdminApi(Endpoints endpoints) {
        this.endpoints = endpoints;
        this.client = AdminClient.localUser(new AdminEndpoints(endpoints.keycloak(), endpoints.flowApi(),
                endpoints.credentialApi(), endpoints.ingress()), "demo");
    }

    /** Where each part answers (the same environment variables as the {@code hookflow} CLI). */
    record Endpoints(String keycloak, String flowApi, String credentialApi, String ingress) {
        static Endpoints fromEnvironment() {
            AdminEndpoints endpoints = AdminEndpoints.fromEnvironment();
            return new Endpoints(endpoints.oidc(), endpoints.flowApi(), endpoints.credentialApi(), endpoints.ingress());
        }
    }

    /** The id of the credential with this name and type, created with {@code config} when there is none. */
    String findOrCreateCredential(String name, String type, ObjectNode config) {
        return client.findOrCreateCredential(name, type, config);
    }

    /** The flow with this name, created from {@code definition} when there is none; published and started. */
    String ensureActiveFlow(ObjectNode definition) {
        return client.ensureActiveFlow(definition).id();
    }

    /** The X-Total-Count of the flow's execution list, optionally filtered by status. */
    long countExecutions(String flowId, String status) {
        return client.totalCount(executionsUrl(flowId, status, "size=1"));
    }

    /** One page (at most 100, newest first) of the flow's execution list. */
    ArrayNode executions(String flowId, String status, int page) {
        return (ArrayNode) client.call("GET", executionsUrl(flowId, status, "size=100&page=" + page), null, 200);
    }

    JsonNode execution(String id) {
        return client.execution(id);
    }

    /** HEAD on the flow's webhook: 200 while ingress takes webhooks for it, else 404. */
    int webhookStatus(String flowId) {
        return client.webhookStatus(flowId);
    }

    /** A single webhook call (for checks before a load run). */
    HttpResponse<String> postWebhook(String flowId, byte[] body, String headerName, String headerValue) {
        return client.postWebhook(flowId, body, headerName, headerValue);
    }

    private String executionsUrl(String flowId, String status, String query) {
        return endpoints.flowApi() + "/api/v1/flows/" + flowId + "/executions?" + query
                + (status == null ? "" : "&status=" + status);
    }

    static String env(String name, String fallback) {
        return AdminEndpoints.env(name, fallback);
    }
}
