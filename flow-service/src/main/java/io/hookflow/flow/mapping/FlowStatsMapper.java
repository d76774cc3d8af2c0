package io.hookflow.flow.mapping;

import io.hookflow.flow.repository.ExecutionStatsRepository;
import io.hookflow.flow.rest.FlowStatsResponse;
import io.hookflow.flow.service.ExecutionStats;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** A flow's stats to the API record: the series as read, the counts its sum. */
@ApplicationScoped
public class FlowStatsMapper {

    public FlowStatsResponse toResponse(ExecutionStats.FlowStats stats) {
        long running = 0;
        long retrying = 0;
        long succeeded = 0;
        long failed = 0;
        for (ExecutionStatsRepository.Minute minute : stats.minutes()) {
            running += minute.running();
            retrying += minute.retrying();
            succeeded += minute.succeeded();
            failed += minute.failed();
        }
        List<FlowStatsResponse.MinuteCounts> series = stats.minutes().stream()
                .map(minute -> new FlowStatsResponse.MinuteCounts(minute.minute(),
                        minute.running() + minute.retrying() + minute.succeeded() + minute.failed(),
                        minute.running(), minute.retrying(), minute.succeeded(), minute.failed()))
                .toList();
        ExecutionStats.Durations durations = stats.durations();
        return new FlowStatsResponse(stats.flowId(), stats.from(), stats.to(),
                new FlowStatsResponse.Counts(running + retrying + succeeded + failed,
                        running, retrying, succeeded, failed),
                new FlowStatsResponse.Durations(durations.count(), durations.p50(), durations.p95(), durations.p99()),
                series);
    }
}
