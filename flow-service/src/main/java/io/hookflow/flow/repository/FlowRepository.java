package io.hookflow.flow.repository;

import io.hookflow.flow.Flow;
import io.hookflow.flow.FlowListing;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/** Flows, always looked up within a workspace. */
@ApplicationScoped
public class FlowRepository implements PanacheRepositoryBase<Flow, String> {

    public Optional<Flow> findInWorkspace(String workspace, String id) {
        return find("id = ?1 and workspace = ?2", id, workspace).firstResultOptional();
    }

    /**
     * A page of the workspace's flows as lists show them, newest first, with each one's latest version (a subquery on
     * the {@code (flow_id, version)} unique index); drafts are not read.
     */
    public List<FlowListing> listingsInWorkspace(String workspace, int page, int size) {
        long first = (long) page * size;
        if (first + size - 1 > Integer.MAX_VALUE) {
            return List.of(); // as Pages.read: JPA's offsets are ints, and no list holds that many rows
        }
        return getEntityManager().createQuery("""
                        select new io.hookflow.flow.FlowListing(f.id, f.name, f.status, f.activeVersion,
                            (select max(v.version) from FlowVersion v where v.flowId = f.id), f.createdAt, f.updatedAt)
                        from Flow f where f.workspace = :workspace order by f.createdAt desc, f.id desc""",
                        FlowListing.class)
                .setParameter("workspace", workspace)
                .setFirstResult((int) first)
                .setMaxResults(size)
                .getResultList();
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
