package io.hookflow.flow.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.hookflow.flow.config.FlowConfig;
import io.hookflow.flow.mapping.FlowMapper;
import io.hookflow.flow.service.DesignerService;
import io.hookflow.platform.WorkspaceClaim;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The designer's steps that need more than the stored sample (contract section 4): a one-time sample-request URL for
 * the webhook step, a mapping preview, and retrieving an action's sample by running it once.
 */
@Path("/api/v1/flows/{id}/steps/{stepId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Samples", description = "A step's sample: what it gives the next step, to map from")
public class DesignerResource {

    private final DesignerService designer;
    private final FlowMapper mapper;
    private final WorkspaceClaim caller;
    private final String webhookBaseUrl;

    private final com.fasterxml.jackson.databind.ObjectMapper json;

    public DesignerResource(DesignerService designer, FlowMapper mapper, WorkspaceClaim caller, FlowConfig config,
                            com.fasterxml.jackson.databind.ObjectMapper json) {
        this.json = json;
        this.designer = designer;
        this.mapper = mapper;
        this.caller = caller;
        String base = config.webhookBaseUrl();
        this.webhookBaseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    static final String SAMPLE_REQUEST = """
            {"url":"http://localhost:8080/hook/samples/8W3uQ3V0k1p2Yx9aT5sLr0mB7cN4eD6fG8hJ2kL1mNo","expiresAt":"2026-12-04T10:10:00Z"}""";
    static final String PREVIEW = """
            {"stepId":"step_2","from":{"stepId":"step_1","source":"request"},
             "input":{"name":"Gromit","status":"sold"},"errors":[]}""";
    static final String RETRIEVED = """
            {"stepId":"step_2","source":"retrieved","sample":{"id":1,"name":"Gromit","status":"sold"},
             "updatedAt":"2026-12-04T10:02:00Z"}""";

    /** {@code url}: where to send the sample request; {@code expiresAt}: until when it takes it. */
    public record SampleRequestResponse(String url, Instant expiresAt) {
    }

    /** An optional mapping to preview instead of the step's own. */
    public record PreviewRequest(Map<String, String> mapping) {
    }

    /** One field the mapping could not make, and why. */
    public record FieldError(String field, String error) {
    }

    /**
     * {@code input}: the action input the mapping makes of the sample of {@code from.stepId}; {@code errors}: the
     * fields that failed (left out of {@code input}).
     */
    public record PreviewResponse(String stepId, From from, JsonNode input, List<FieldError> errors) {
    }

    public record From(String stepId, String source) {
    }

    @POST
    @Path("sample-request")
    @RolesAllowed("flows.write")
    @Operation(summary = "A one-time URL whose first request (authenticated like the webhook) becomes the webhook"
            + " step's sample; valid 10 minutes, or less with ?expiresInSeconds= (role flows.write)")
    @APIResponse(responseCode = "201", description = "The URL to send the sample request to, and until when.",
            content = @Content(examples = @ExampleObject(name = "tutorial", value = SAMPLE_REQUEST)))
    @APIResponse(responseCode = "400", description = "Not the webhook step, the step has no webhook credential, or"
            + " expiresInSeconds outside 1..600.")
    @APIResponse(responseCode = "404", description = "No such flow in the caller's workspace, or no such step.")
    public Response sampleRequest(@PathParam("id") String id, @PathParam("stepId") String stepId,
                                  @jakarta.ws.rs.QueryParam("expiresInSeconds") Integer expiresInSeconds) {
        DesignerService.IssuedSampleRequest issued = designer.issueSampleRequest(caller.workspace(), id, stepId,
                expiresInSeconds == null ? DesignerService.SAMPLE_REQUEST_TTL
                        : java.time.Duration.ofSeconds(expiresInSeconds));
        return Response.status(Response.Status.CREATED)
                .entity(new SampleRequestResponse(webhookBaseUrl + "/hook/samples/" + issued.token(),
                        issued.expiresAt()))
                .build();
    }

    @POST
    @Path("preview")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed("flows.read")
    @Operation(summary = "What the step's mapping (or the one sent) makes of the previous step's sample, with"
            + " per-field errors (role flows.read)")
    @APIResponse(responseCode = "200", description = "The input the action would get, and the fields that failed.",
            content = @Content(examples = @ExampleObject(name = "tutorial", value = PREVIEW)))
    @APIResponse(responseCode = "400", description = "The webhook step (it has no mapping), or a body that is not"
            + " `{\"mapping\":{field:expression}}`.")
    @APIResponse(responseCode = "404", description = "No such flow in the caller's workspace, or no such step.")
    @APIResponse(responseCode = "409", description = "The previous step has no sample yet; the answer says how to"
            + " give it one.")
    @APIResponse(responseCode = "503", description = "The executor, which evaluates mappings, cannot be reached.")
    public PreviewResponse preview(@PathParam("id") String id, @PathParam("stepId") String stepId, String body)
            throws com.fasterxml.jackson.core.JsonProcessingException {
        // the body is optional (no body: the step's own mapping), so it is read here rather than bound
        PreviewRequest request = body == null || body.isBlank() ? null : json.readValue(body, PreviewRequest.class);
        DesignerService.Preview preview = designer.preview(caller.workspace(), id, stepId,
                request == null ? null : request.mapping());
        List<FieldError> errors = preview.errors().entrySet().stream()
                .map(e -> new FieldError(e.getKey(), e.getValue())).toList();
        return new PreviewResponse(preview.stepId(), new From(preview.fromStepId(), preview.fromSource()),
                preview.input(), errors);
    }

    @POST
    @Path("retrieve-sample")
    @RolesAllowed("flows.write")
    @Operation(summary = "Runs the action step once, for real, on its mapping applied to the previous step's sample,"
            + " and keeps the output as its sample (role flows.write)")
    @APIResponse(responseCode = "200", description = "The step's new sample, source `retrieved`.",
            content = @Content(examples = @ExampleObject(name = "tutorial", value = RETRIEVED)))
    @APIResponse(responseCode = "400", description = "The webhook step: it runs nothing.")
    @APIResponse(responseCode = "404", description = "No such flow in the caller's workspace, or no such step.")
    @APIResponse(responseCode = "409", description = "The previous step has no sample yet.")
    @APIResponse(responseCode = "422", description = "The mapping failed (per field in `errors`), or the connector"
            + " refused the call or the credential.")
    @APIResponse(responseCode = "503", description = "The connector or the executor cannot be reached; with"
            + " Retry-After.")
    public SampleResponse retrieveSample(@PathParam("id") String id, @PathParam("stepId") String stepId) {
        return mapper.toSampleResponse(designer.retrieveSample(caller.workspace(), id, stepId));
    }

    /** The body of a refused trial: the executor's message, and per field why the mapping failed. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record TrialError(String error, List<FieldError> errors) {
    }
}
