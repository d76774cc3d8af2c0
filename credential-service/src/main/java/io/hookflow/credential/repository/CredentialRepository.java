package io.hookflow.credential.repository;

import io.hookflow.credential.Credential;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Credential storage; every admin query is scoped to one workspace. */
@ApplicationScoped
public class CredentialRepository implements PanacheRepositoryBase<Credential, String> {

    public Optional<Credential> findInWorkspace(String workspace, String id) {
        return find("id = ?1 and workspace = ?2", id, workspace).firstResultOptional();
    }

    /** One page of a workspace's credentials, newest first, optionally of one type. */
    public List<Credential> page(String workspace, String type, int page, int size) {
        return query(workspace, type).page(Page.of(page, size)).list();
    }

    public long countInWorkspace(String workspace, String type) {
        return type == null
                ? count("workspace", workspace)
                : count("workspace = ?1 and type = ?2", workspace, type);
    }

    /**
     * How many rows need sealing anew, per the master key id they are under: every row under a key other than
     * {@code currentKeyId}, and those under it still bound by an older {@code aadVersion} than {@code binding}.
     */
    public Map<String, Long> countToReseal(String currentKeyId, short binding) {
        Map<String, Long> counts = new TreeMap<>();
        getEntityManager()
                .createQuery("select c.keyId, count(c) from Credential c where c.keyId <> :current"
                                + " or c.aadVersion < :binding group by c.keyId", Object[].class)
                .setParameter("current", currentKeyId)
                .setParameter("binding", binding)
                .getResultList()
                .forEach(row -> counts.put((String) row[0], (Long) row[1]));
        return counts;
    }

    /**
     * The next rows stored under {@code keyId} after {@code afterId} in id order, locked for update: a
     * concurrent change waits, and a row another instance re-encrypted meanwhile no longer matches.
     */
    public List<Credential> lockNextToReseal(String keyId, String currentKeyId, short binding, String afterId,
                                             int size) {
        return find("keyId = ?1 and (keyId <> ?2 or aadVersion < ?3) and id > ?4", Sort.ascending("id"),
                keyId, currentKeyId, binding, afterId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .page(Page.ofSize(size))
                .list();
    }

    private PanacheQuery<Credential> query(String workspace, String type) {
        Sort newestFirst = Sort.descending("createdAt", "id");
        return type == null
                ? find("workspace", newestFirst, workspace)
                : find("workspace = ?1 and type = ?2", newestFirst, workspace, type);
    }
}
