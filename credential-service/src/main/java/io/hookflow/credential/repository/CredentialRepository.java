package io.hookflow.credential.repository;

import io.hookflow.credential.Credential;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

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

    private PanacheQuery<Credential> query(String workspace, String type) {
        Sort newestFirst = Sort.descending("createdAt", "id");
        return type == null
                ? find("workspace", newestFirst, workspace)
                : find("workspace = ?1 and type = ?2", newestFirst, workspace, type);
    }
}
