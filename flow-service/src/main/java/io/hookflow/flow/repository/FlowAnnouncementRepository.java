package io.hookflow.flow.repository;

import io.hookflow.flow.Flow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The {@code flow_announcement} table: one row per flow whose committed state may not be on {@code flow.changed}
 * yet. Every lock a caller takes here is a flow's row lock ({@code FOR NO KEY UPDATE}, which conflicts with the
 * change transactions' {@code FOR UPDATE}) or, for a deleted flow, its announcement row; a flow row is always
 * locked before its announcement row, as the change transactions do.
 */
@ApplicationScoped
public class FlowAnnouncementRepository {

    /** A flow waiting to be announced, as its change left it (what a deleted flow's announcement carries). */
    public record Marked(String flowId, String workspace, String name) {
    }

    private final EntityManager em;

    public FlowAnnouncementRepository(EntityManager em) {
        this.em = em;
    }

    /** Marks the flow as to be announced; call it in the transaction that changes the flow, under its row lock. */
    public void mark(Flow flow) {
        // An older mark keeps its time, so a flow that keeps changing is not sent to the back of the relay's queue.
        em.createNativeQuery("""
                        INSERT INTO flow_announcement (flow_id, workspace, name, marked_at)
                        VALUES (:flowId, :workspace, :name, :now)
                        ON CONFLICT (flow_id) DO UPDATE SET workspace = EXCLUDED.workspace, name = EXCLUDED.name""")
                .setParameter("flowId", flow.id)
                .setParameter("workspace", flow.workspace)
                .setParameter("name", flow.name)
                .setParameter("now", Instant.now())
                .executeUpdate();
    }

    /** A page of flows marked by {@link #markPage}: how many, and the last id. */
    public record MarkedPage(int flows, String lastId) {
    }

    /**
     * Marks the next {@code size} flows by id after {@code after} (from the first when it is empty), without locking
     * them: a flow being changed meanwhile is marked by its change too, and is sent under its lock either way.
     *
     * @return the page, empty when there was no flow after {@code after}
     */
    public Optional<MarkedPage> markPage(String after, int size) {
        Object[] page = (Object[]) em.createNativeQuery("""
                        WITH page AS (SELECT id, workspace, name FROM flow WHERE id > :after ORDER BY id LIMIT :size),
                             marked AS (INSERT INTO flow_announcement (flow_id, workspace, name, marked_at)
                                        SELECT id, workspace, name, :now FROM page
                                        ON CONFLICT (flow_id) DO NOTHING)
                        SELECT count(*), max(id) FROM page""")
                .setParameter("after", after)
                .setParameter("size", size)
                .setParameter("now", Instant.now())
                .getSingleResult();
        int flows = ((Number) page[0]).intValue();
        return flows == 0 ? Optional.empty() : Optional.of(new MarkedPage(flows, (String) page[1]));
    }

    /**
     * Locks up to {@code limit} marked flows that still exist, oldest mark first, skipping those another transaction
     * holds (it is changing or announcing them, and its commit leaves a mark or the newest state announced).
     */
    @SuppressWarnings("unchecked")
    public List<Flow> lockMarkedFlows(int limit) {
        return em.createNativeQuery("""
                        SELECT f.* FROM flow f JOIN flow_announcement a ON a.flow_id = f.id
                        ORDER BY a.marked_at, a.flow_id LIMIT :limit
                        FOR NO KEY UPDATE OF f SKIP LOCKED""", Flow.class)
                .setParameter("limit", limit)
                .getResultList();
    }

    /** Locks the flow's row, waiting for a transaction that holds it; empty when the flow no longer exists. */
    @SuppressWarnings("unchecked")
    public Optional<Flow> lockFlow(String flowId) {
        List<Flow> found = em.createNativeQuery("SELECT * FROM flow WHERE id = :id FOR NO KEY UPDATE", Flow.class)
                .setParameter("id", flowId)
                .getResultList();
        return found.stream().findFirst();
    }

    /** Locks up to {@code limit} marks of flows that were deleted, oldest first, skipping those locked elsewhere. */
    public List<Marked> lockMarkedDeleted(int limit) {
        return marked(em.createNativeQuery("""
                        SELECT a.flow_id, a.workspace, a.name FROM flow_announcement a
                        WHERE NOT EXISTS (SELECT 1 FROM flow f WHERE f.id = a.flow_id)
                        ORDER BY a.marked_at, a.flow_id LIMIT :limit
                        FOR UPDATE OF a SKIP LOCKED""")
                .setParameter("limit", limit)
                .getResultList());
    }

    /** Locks the mark of a flow that no longer exists, waiting for a transaction that holds it. */
    public Optional<Marked> lockMarkedDeleted(String flowId) {
        return marked(em.createNativeQuery("""
                        SELECT a.flow_id, a.workspace, a.name FROM flow_announcement a
                        WHERE a.flow_id = :id AND NOT EXISTS (SELECT 1 FROM flow f WHERE f.id = a.flow_id)
                        FOR UPDATE OF a""")
                .setParameter("id", flowId)
                .getResultList()).stream().findFirst();
    }

    /**
     * Removes the marks of these flows and answers the ids whose mark was still there: another transaction may have
     * announced a flow between the caller's reading of the marks and its taking the flow's lock.
     */
    @SuppressWarnings("unchecked")
    public List<String> unmark(Collection<String> flowIds) {
        if (flowIds.isEmpty()) {
            return List.of();
        }
        return em.createNativeQuery("DELETE FROM flow_announcement WHERE flow_id IN (:ids) RETURNING flow_id",
                        String.class)
                .setParameter("ids", flowIds)
                .getResultList();
    }

    /** How many flows wait to be announced. */
    public long countMarked() {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM flow_announcement").getSingleResult())
                .longValue();
    }

    private static List<Marked> marked(List<?> rows) {
        return rows.stream()
                .map(row -> (Object[]) row)
                .map(row -> new Marked((String) row[0], (String) row[1], (String) row[2]))
                .toList();
    }
}
