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

/** Admin API for a flow's execution records, and the retry of its failed ones. */
@Path("/api/v1/flows/{flowId}/executions")
@Produces(MediaType.APPLICATION_JSON)
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
