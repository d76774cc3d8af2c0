package io.hookflow.flow.repository;

import io.hookflow.flow.Execution;
import io.hookflow.flow.ExecutionStatus;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/** Execution records, keyed by requestId. */
@ApplicationScoped
public class ExecutionRepository implements PanacheRepositoryBase<Execution, String> {

    private static final Sort NEWEST_FIRST = Sort.descending("receivedAt", "id");

    public Optional<Execution> findInWorkspace(String workspace, String id) {
        return find("id = ?1 and workspace = ?2", id, workspace).firstResultOptional();
    }

    public List<Execution> listForFlow(String workspace, String flowId, ExecutionStatus status, int page, int size) {
        return query(workspace, flowId, status).page(Page.of(page, size)).list();
    }

    public long countForFlow(String workspace, String flowId, ExecutionStatus status) {
        return query(workspace, flowId, status).count();
    }

    private PanacheQuery<Execution> query(String workspace, String flowId, ExecutionStatus status) {
        return status == null
                ? find("flowId = ?1 and workspace = ?2", NEWEST_FIRST, flowId, workspace)
                : find("flowId = ?1 and workspace = ?2 and status = ?3", NEWEST_FIRST, flowId, workspace, status);
    }
}
