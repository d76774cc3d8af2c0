package io.hookflow.flow.repository;

import io.hookflow.flow.DeadLetter;
import io.hookflow.flow.DeadLetterSummary;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Dead letters, looked up within a workspace; a letter whose workspace is unknown is in none. */
@ApplicationScoped
public class DeadLetterRepository implements PanacheRepositoryBase<DeadLetter, String> {

    /**
     * A letter already stored (the same topic, partition, offset and timestamp, read again) is left as it is; the
     * timestamp tells a redelivery from a new message at an offset Kafka used before it lost its data.
     */
    private static final String INSERT = """
            INSERT INTO dead_letter (id, topic, kafka_partition, kafka_offset, workspace, flow_id, request_id,
                                     execution_id, flow_version, reason, failed_step, dead_at, message_key,
                                     message_value, headers, size)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
            ON CONFLICT (topic, kafka_partition, kafka_offset, dead_at) DO NOTHING
            """;

    private static final String SUMMARY = "select new io.hookflow.flow.DeadLetterSummary(d.id, d.flowId, "
            + "d.executionId, d.requestId, d.reason, d.failedStep, d.deadAt, d.replayedAt, d.replays, d.size) "
            + "from DeadLetter d ";

    private final DataSource dataSource;

    public DeadLetterRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Inserts the letters in one JDBC batch on the current transaction's connection, skipping those already stored.
     *
     * @return how many were new
     */
    public int insertNew(Collection<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return 0;
        }
        // Plain JDBC, as for the run records: Hibernate would log a failed batch with its values (the payloads).
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(INSERT)) {
            for (DeadLetter letter : letters) {
                statement.setString(1, letter.id);
                statement.setString(2, letter.topic);
                statement.setInt(3, letter.partition);
                statement.setLong(4, letter.offset);
                statement.setString(5, letter.workspace);
                statement.setString(6, letter.flowId);
                statement.setString(7, letter.requestId);
                statement.setString(8, letter.executionId);
                statement.setObject(9, letter.flowVersion, Types.INTEGER);
                statement.setString(10, letter.reason);
                statement.setString(11, letter.failedStep);
                statement.setObject(12, letter.deadAt.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
                statement.setBytes(13, letter.key);
                statement.setBytes(14, letter.value);
                statement.setString(15, letter.headers);
                statement.setInt(16, letter.size);
                statement.addBatch();
            }
            int inserted = 0;
            for (int count : statement.executeBatch()) {
                // A rewritten multi-row insert answers SUCCESS_NO_INFO: counted as new, for the log only.
                inserted += count == Statement.SUCCESS_NO_INFO ? 1 : Math.max(count, 0);
            }
            return inserted;
        } catch (SQLException e) {
            throw new PersistenceException("Writing " + letters.size() + " dead letters failed (SQL state "
                    + e.getSQLState() + ")", e);
        }
    }

    /** A page of the workspace's letters (of one flow when {@code flowId} is given), newest first. */
    public List<DeadLetterSummary> listInWorkspace(String workspace, String flowId, int page, int size) {
        long first = (long) page * size;
        if (first + size - 1 > Integer.MAX_VALUE) {
            return List.of();
        }
        TypedQuery<DeadLetterSummary> query = getEntityManager()
                .createQuery(SUMMARY + where(flowId) + " order by d.deadAt desc, d.id desc", DeadLetterSummary.class)
                .setParameter("workspace", workspace)
                .setFirstResult((int) first)
                .setMaxResults(size);
        if (flowId != null) {
            query.setParameter("flowId", flowId);
        }
        return query.getResultList();
    }

    public long countInWorkspace(String workspace, String flowId) {
        TypedQuery<Long> query = getEntityManager()
                .createQuery("select count(d) from DeadLetter d " + where(flowId), Long.class)
                .setParameter("workspace", workspace);
        if (flowId != null) {
            query.setParameter("flowId", flowId);
        }
        return query.getSingleResult();
    }

    public Optional<DeadLetter> findInWorkspace(String workspace, String id) {
        return find("id = ?1 and workspace = ?2", id, workspace).firstResultOptional();
    }

    /** Whether the execution's original webhook is stored (in the execution's workspace). */
    public boolean existsForExecution(String workspace, String executionId) {
        return count("executionId = ?1 and workspace = ?2", executionId, workspace) > 0;
    }

    /** Counts one more replay of each letter, at {@code now}. */
    public void markReplayed(Collection<String> ids, Instant now) {
        if (!ids.isEmpty()) {
            update("replays = replays + 1, replayedAt = ?1 where id in ?2", now, ids);
        }
    }

    /** How many letters no workspace sees (neither the message nor its key told which it belongs to). */
    public long countWithoutWorkspace() {
        return count("workspace is null");
    }

    /**
     * Deletes up to {@code limit} letters that died before the cutoff, oldest first, from the start of
     * {@code dead_letter_dead_at_idx}; rows another transaction holds (a replay) are left for the next run.
     */
    public int deleteDeadBefore(Instant cutoff, int limit) {
        return getEntityManager().createNativeQuery("""
                        DELETE FROM dead_letter WHERE id IN (
                            SELECT id FROM dead_letter WHERE dead_at < :cutoff
                            ORDER BY dead_at LIMIT :limit FOR UPDATE SKIP LOCKED)""")
                .setParameter("cutoff", cutoff)
                .setParameter("limit", limit)
                .executeUpdate();
    }

    private static String where(String flowId) {
        return flowId == null ? "where d.workspace = :workspace" : "where d.workspace = :workspace and d.flowId = :flowId";
    }
}
