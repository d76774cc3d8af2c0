package io.hookflow.flow.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookflow.flow.service.DependencyUnavailableException;
import io.hookflow.flow.service.StepTrialException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Asks the executor to preview a mapping over a sample, or to run a draft action step once: the mapping evaluator and
 * the connector client live there, with the run-time bounds. Neither call is retried: a preview is cheap to ask again,
 * and a trial run may have side effects.
 */
@ApplicationScoped
public class ExecutorClient {

    private final ExecutorApi api;
    private final ObjectMapper json;

    ExecutorClient(@RestClient ExecutorApi api, ObjectMapper json) {
        this.api = api;
        this.json = json;
    }

    /** {@code {"input","errors"}} of the preview. */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    public JsonNode preview(Map<String, String> mapping, JsonNode sample) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("mapping", mapping);
        request.put("sample", sample);
        try {
            return api.preview(json.valueToTree(request));
        } catch (WebApplicationException e) {
            throw new DependencyUnavailableException("the executor could not preview the mapping (HTTP "
                    + e.getResponse().getStatus() + "); try again shortly");
        } catch (RuntimeException e) {
            throw new DependencyUnavailableException("the executor is not reachable to preview the mapping;"
                    + " try again shortly");
        }
    }

    /** {@code {"input","output"}} of one real call of the step. */
    @Timeout(value = 40, unit = ChronoUnit.SECONDS)
    public JsonNode run(String workspace, String flowId, String stepId, String component, String function,
                        String credentialId, Map<String, String> mapping, JsonNode sample) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("workspace", workspace);
        request.put("flowId", flowId);
        request.put("stepId", stepId);
        request.put("component", component);
        request.put("function", function);
        request.put("credentialId", credentialId);
        request.put("mapping", mapping);
        request.put("sample", sample);
        try {
            return api.run(json.valueToTree(request));
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            JsonNode body = body(e);
            String message = body.path("error").asText("the executor answered HTTP " + status);
            Map<String, String> fields = new LinkedHashMap<>();
            body.path("errors").fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue().asText()));
            throw new StepTrialException(status == 422 ? 422 : 503, message, fields);
        } catch (RuntimeException e) {
            throw new StepTrialException(503, "the executor is not reachable to run the step; try again shortly",
                    Map.of());
        }
    }

    private JsonNode body(WebApplicationException e) {
        try {
            return json.readTree(e.getResponse().readEntity(String.class));
        } catch (RuntimeException | java.io.IOException ignored) {
            return json.createObjectNode();
        }
    }
}
