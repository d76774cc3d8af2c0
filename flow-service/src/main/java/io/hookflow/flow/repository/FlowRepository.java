package io.hookflow.flow.repository;

import io.hookflow.flow.Flow;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/** Flows, always looked up within a workspace. */
@ApplicationScoped
public class FlowRepository implements PanacheRepositoryBase<Flow, String> {

    private static final Sort NEWEST_FIRST = Sort.descending("createdAt", "id");

    public Optional<Flow> findInWorkspace(String workspace, String id) {
        return find("id = ?1 and workspace = ?2", id, workspace).firstResultOptional();
    }

    public List<Flow> listInWorkspace(String workspace, int page, int size) {
        return find("workspace", NEWEST_FIRST, workspace).page(Page.of(page, size)).list();
    }

    public long countInWorkspace(String workspace) {
        return count("workspace", workspace);
    }
}
