package io.hookflow.flow.service;

import io.hookflow.flow.FlowVersion;
import io.hookflow.flow.repository.FlowRepository;
import io.hookflow.flow.repository.FlowVersionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;

/** A flow's published versions, read a page at a time. */
@ApplicationScoped
public class FlowVersionService {

    private final FlowRepository flows;
    private final FlowVersionRepository versions;

    public FlowVersionService(FlowRepository flows, FlowVersionRepository versions) {
        this.flows = flows;
        this.versions = versions;
    }

    /** A page of versions, newest first, with how many the flow has. */
    public record VersionPage(List<FlowVersion> versions, long total) {
    }

    @Transactional
    public VersionPage list(String workspace, String flowId, int page, int size) {
        flows.findInWorkspace(workspace, flowId).orElseThrow(() -> ResourceNotFoundException.flow(flowId));
        return new VersionPage(versions.pageNewestFirst(flowId, page, size), versions.countByFlow(flowId));
    }
}
