package io.hookflow.executor.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookflow.executor.mapping.MappingEvaluator;
import io.hookflow.executor.service.StepTrials;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The executor's internal API for the flow designer (docs/internal-api.md), called by flow-service only: a mapping
 * preview over a sample, and one real call of a draft action step. Answers are JSON; errors {@code {"error"}}.
 */
@Path("/internal/designer")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DesignerResource {

    static final String HEADER = "X-Hookflow-Internal-Token";

    private final StepTrials trials;
    private final byte[] token;

    DesignerResource(StepTrials trials, @ConfigProperty(name = "hookflow.internal-token") String token) {
        this.trials = trials;
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code {"mapping":{field:expression},"sample":{…},"attachments":[…]?}}. */
    public record PreviewRequest(Map<String, String> mapping, JsonNode sample, JsonNode attachments) {
    }

    /** {@code input}: what the action would get; {@code errors}: per field, why it failed. */
    public record PreviewResponse(JsonNode input, Map<String, String> errors) {
    }

    /** One trial call of a draft action step. */
    public record RunRequest(String workspace, String flowId, String stepId, String component, String function,
                             String credentialId, Map<String, String> mapping, JsonNode sample,
                             JsonNode attachments) {
    }

    public record RunResponse(JsonNode input, JsonNode output) {
    }

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record ErrorBody(String error, Map<String, String> errors) {
    }

    @POST
    @Path("/preview")
    public Response preview(@HeaderParam(HEADER) String caller, PreviewRequest request) {
        Response refused = refuse(caller, request);
        if (refused != null) {
            return refused;
        }
        if (request.mapping() == null) {
            // a step without a mapping gets the previous output as it is
            return Response.ok(new PreviewResponse(request.sample(), Map.of())).build();
        }
        MappingEvaluator.Preview preview = trials.preview(request.mapping(), request.sample(), request.attachments());
        return Response.ok(new PreviewResponse(preview.input(), preview.errors())).build();
    }

    @POST
    @Path("/run")
    public Response run(@HeaderParam(HEADER) String caller, RunRequest request) {
        Response refused = refuse(caller, request);
        if (refused != null) {
            return refused;
        }
        if (blank(request.component()) || blank(request.function()) || blank(request.workspace())
                || blank(request.flowId()) || blank(request.stepId())) {
            return error(400, "workspace, flowId, stepId, component and function are required", null);
        }
        try {
            StepTrials.Trial trial = trials.run(request.workspace(), request.flowId(), request.stepId(),
                    request.component(), request.function(), request.credentialId(), request.mapping(),
                    request.sample(), request.attachments());
            return Response.ok(new RunResponse(trial.input(), trial.output())).build();
        } catch (StepTrials.TrialFailedException e) {
            return error(e.passing() ? 503 : 422, e.getMessage(),
                    e.fieldErrors().isEmpty() ? null : new LinkedHashMap<>(e.fieldErrors()));
        }
    }

    private Response refuse(String caller, Object body) {
        if (caller == null || !MessageDigest.isEqual(caller.getBytes(StandardCharsets.UTF_8), token)) {
            return error(401, "Internal calls need the " + HEADER + " header with the platform's token", null);
        }
        if (body == null) {
            return error(400, "The body must be a JSON object", null);
        }
        return null;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static Response error(int status, String message, Map<String, String> errors) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorBody(message, errors)).build();
    }
}
