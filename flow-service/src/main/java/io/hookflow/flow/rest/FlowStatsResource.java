package io.hookflow.flow.rest;

import io.hookflow.flow.mapping.FlowStatsMapper;
import io.hookflow.flow.service.ExecutionStats;
import io.hookflow.platform.WorkspaceClaim;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;

/** Admin API for a flow's stats, read from the per-minute rollup. */
@Path("/api/v1/flows/{flowId}/stats")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Executions")
public class FlowStatsResource {

    private final ExecutionStats stats;
    private final FlowStatsMapper mapper;
    private final WorkspaceClaim caller;

    public FlowStatsResource(ExecutionStats stats, FlowStatsMapper mapper, WorkspaceClaim caller) {
        this.stats = stats;
        this.mapper = mapper;
        this.caller = caller;
    }

    @GET
    @RolesAllowed("executions.read")
    @Operation(summary = "Get a flow's execution stats",
            description = "Counts by status, a per-minute series and p50/p95/p99 durations between `from` and `to`.")
    @APIResponse(responseCode = "200", description = "The stats.",
            content = @Content(schema = @Schema(implementation = FlowStatsResponse.class)))
    @APIResponse(responseCode = "400", description = "`from` or `to` is not an instant, or the range is wrong.")
    @APIResponse(responseCode = "404", description = "No such flow in the caller's workspace.")
    public FlowStatsResponse get(@PathParam("flowId") String flowId, @QueryParam("from") String from,
                                 @QueryParam("to") String to) {
        StatsRange range = StatsRange.of(from, to, Instant.now());
        return mapper.toResponse(stats.read(caller.workspace(), flowId, range.from(), range.to()));
    }
}
