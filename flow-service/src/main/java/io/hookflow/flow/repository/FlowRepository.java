package io.hookflow.flow.repository;

import io.hookflow.flow.Flow;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
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
        return Pages.read(find("workspace", NEWEST_FIRST, workspace), page, size);
    }

    public long countInWorkspace(String workspace) {
        return count("workspace", workspace);
    }

    /**
     * The workspace's active flows whose live version has a step with this credential, by name. Only the live
     * version counts: a credential used by a draft or an older version alone is not in use.
     */
    @SuppressWarnings("unchecked")
    public List<Flow> listActiveUsingCredential(String workspace, String credentialId) {
        // Containment, not a text search: the steps array must hold an object whose credentialId equals the id.
        return getEntityManager().createNativeQuery("""
                        SELECT f.* FROM flow f
                        JOIN flow_version v ON v.flow_id = f.id AND v.version = f.active_version
                        WHERE f.workspace = :workspace AND f.status = 'active'
                          AND v.definition -> 'steps'
                              @> jsonb_build_array(jsonb_build_object('credentialId', CAST(:credentialId AS text)))
                        ORDER BY f.name, f.id""", Flow.class)
                .setParameter("workspace", workspace)
                .setParameter("credentialId", credentialId)
                .getResultList();
    }
}
