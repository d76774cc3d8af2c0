package io.hookflow.flow.repository;

import io.hookflow.flow.FlowVersion;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/** Published versions of flows. */
@ApplicationScoped
public class FlowVersionRepository implements PanacheRepository<FlowVersion> {

    public Optional<FlowVersion> findVersion(String flowId, int version) {
        return find("flowId = ?1 and version = ?2", flowId, version).firstResultOptional();
    }

    /** The highest published version number, 0 when nothing is published. */
    public int latestVersion(String flowId) {
        Integer max = getEntityManager()
                .createQuery("select max(v.version) from FlowVersion v where v.flowId = :flowId", Integer.class)
                .setParameter("flowId", flowId)
                .getSingleResult();
        return max == null ? 0 : max;
    }

    /** A page of the flow's versions, newest first (read from the {@code (flow_id, version)} unique index). */
    public List<FlowVersion> pageNewestFirst(String flowId, int page, int size) {
        return Pages.read(find("flowId", Sort.descending("version"), flowId), page, size);
    }

    public long countByFlow(String flowId) {
        return count("flowId", flowId);
    }

    public long deleteByFlow(String flowId) {
        return delete("flowId", flowId);
    }
}
