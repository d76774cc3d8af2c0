package io.hookflow.flow.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.hookflow.flow.ExecutionFilter;
import io.hookflow.flow.ExecutionStatus;
import io.hookflow.flow.mapping.ExecutionMapper;
import io.hookflow.flow.service.ExecutionRetryService;
import io.hookflow.flow.service.ExecutionService;
import io.hookflow.flow.service.InvalidRequestException;
import io.hookflow.platform.WorkspaceClaim;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin API for a flow's execution records, and the retry of its failed ones. */
@Path("/api/v1/flows/{flowId}/executions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Executions", description = "The run log: what each webhook made, and retries")
public class FlowExecutionResource {

    private final ExecutionService service;
    private final ExecutionRetryService retries;
    private final ExecutionMapper mapper;
    private final WorkspaceClaim caller;
    private final ObjectReader filterReader;

    public FlowExecutionResource(ExecutionService service, ExecutionRetryService retries, ExecutionMapper mapper,
                                 WorkspaceClaim caller, ObjectMapper objectMapper) {
        this.service = service;
        this.retries = retries;
        this.mapper = mapper;
        this.caller = caller;
        this.filterReader = objectMapper.readerFor(RetryFilterRequest.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @GET
    @RolesAllowed("executions.read")
    @Operation(summary = "List a flow's executions",
            description = "Newest received first, filtered by `status`, `from` and `to`; `X-Total-Count` holds the"
                    + " number that match.")
    @APIResponse(responseCode = "200", description = "A page of executions.",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = ExecutionSummary.class)))
    @APIResponse(responseCode = "400", description = "A filter or paging parameter is wrong; the error names it.")
    @APIResponse(responseCode = "404", description = "No such flow in the caller's workspace.")
    public Response list(@PathParam("flowId") String flowId, @QueryParam("status") String status,
                         @QueryParam("from") String from, @QueryParam("to") String to,
                         @QueryParam("page") String page, @QueryParam("size") String size) {
        Paging paging = Paging.of(page, size);
        ExecutionFilter filter = ExecutionFilters.of(status, from, to);
        ExecutionService.ExecutionPage result =
                service.list(caller.workspace(), flowId, filter, paging.page(), paging.size());
        return Response.ok(result.executions().stream().map(mapper::toSummary).toList())
                .header(Paging.TOTAL_COUNT, result.total()).build();
    }

    /**
     * Runs the flow's failed executions in the filter's range again (all failed ones without a body), each from its
     * original webhook as its next attempt.
     */
    @POST
    @Path("retry")
    @RolesAllowed("executions.control")
    @Operation(summary = "Retry a flow's failed executions",
            description = "Queues the failed executions in the range (all without a body) as their next attempt.")
    @RequestBody(content = @Content(schema = @Schema(implementation = RetryFilterRequest.class),
            examples = @ExampleObject(name = "an hour", value = "{\"status\": \"failed\", \"from\": \"2026-12-04T17:00:00Z\","
                    + " \"to\": \"2026-12-04T18:00:00Z\"}")))
    @APIResponse(responseCode = "202", description = "Queued.",
            content = @Content(schema = @Schema(implementation = BulkRetryResponse.class)))
    @APIResponse(responseCode = "400", description = "The filter is wrong (another status, a bad instant, an unknown"
            + " field); the error names it.")
    @APIResponse(responseCode = "404", description = "No such flow in the caller's workspace.")
    @APIResponse(responseCode = "409", description = "The flow is not active: start it first.")
    @Consumes(MediaType.WILDCARD)
    public Response retry(@PathParam("flowId") String flowId, String json) throws JsonProcessingException {
        RetryFilterRequest body = filter(json);
        if (body.status() != null && !ExecutionStatus.FAILED.value().equals(body.status().trim())) {
            throw new InvalidRequestException("status must be failed: only failed executions can be retried");
        }
        ExecutionFilter range = ExecutionFilters.of(null, body.from(), body.to());
        ExecutionRetryService.BulkRetry result = retries.retryFlow(caller.workspace(), flowId, range.from(), range.to());
        return Response.accepted(new BulkRetryResponse(result.queued(), result.skipped(), result.more())).build();
    }

    /**
     * The body as a filter; none (or blank) is every failed execution. Read here rather than by the framework so
     * that a call without a body or Content-Type is accepted, and an unknown field is refused, not ignored.
     */
    private RetryFilterRequest filter(String json) throws JsonProcessingException {
        if (json == null || json.isBlank()) {
            return new RetryFilterRequest(null, null, null);
        }
        try {
            RetryFilterRequest request = filterReader.readValue(json);
            return request == null ? new RetryFilterRequest(null, null, null) : request;
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidRequestException(e.getPropertyName() + " is not a filter field: use status, from and to");
        }
    }
}
