package io.hookflow.flow.repository;

import io.hookflow.flow.Execution;
import io.hookflow.flow.ExecutionAttempt;
import io.hookflow.flow.ExecutionFilter;
import io.hookflow.flow.ExecutionStatus;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Execution records (the summary of each execution, keyed by {@code <flowId>-<requestId>}) and their attempts. The
 * record path writes with plain JDBC on the transaction's connection, a few batched statements per poll: Hibernate
 * would log a failed batch with its parameter values (the run data).
 */
@ApplicationScoped
public class ExecutionRepository implements PanacheRepositoryBase<Execution, String> {

    private static final Sort NEWEST_FIRST = Sort.descending("receivedAt", "id");

    /** In id order, so that two batches (two instances during a rebalance) lock rows in the same order. */
    private static final String LOCK = """
            SELECT e.id, e.flow_id, e.workspace, e.status, e.attempts, e.received_at, e.duration_ms, a.status
            FROM execution e LEFT JOIN execution_attempt a ON a.execution_id = e.id AND a.attempt = e.attempts
            WHERE e.id = ANY(?) ORDER BY e.id FOR UPDATE OF e
            """;

    /**
     * No ON CONFLICT: an execution is new only if {@link #lockForRecording} did not find it; when another
     * transaction inserted it meanwhile this fails with a unique violation, and the report is recorded again.
     */
    private static final String INSERT = """
            INSERT INTO execution (id, request_id, flow_id, workspace, flow_version, status, received_at, finished_at,
                                   duration_ms, error, attempts, next_attempt_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    /**
     * An update of rows {@link #lockForRecording} locked, written as an insert so that the driver sends a batch as
     * one multi-row statement (reWriteBatchedInserts): it always takes the DO UPDATE branch. The id, request id,
     * flow, workspace and receipt of an execution never change.
     */
    private static final String UPDATE = INSERT + """
            ON CONFLICT (id) DO UPDATE SET
                flow_version = EXCLUDED.flow_version, status = EXCLUDED.status, finished_at = EXCLUDED.finished_at,
                duration_ms = EXCLUDED.duration_ms, error = EXCLUDED.error, attempts = EXCLUDED.attempts,
                next_attempt_at = EXCLUDED.next_attempt_at
            """;

    /** The WHERE is the attempt's rule: an attempt ends once ({@code service/ExecutionMerge}). */
    private static final String UPSERT_ATTEMPT = """
            INSERT INTO execution_attempt (execution_id, attempt, status, started_at, finished_at, error, steps)
            VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)
            ON CONFLICT (execution_id, attempt) DO UPDATE SET
                status = EXCLUDED.status, started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at,
                error = EXCLUDED.error, steps = EXCLUDED.steps
            WHERE execution_attempt.status = 'running'
            """;

    private final DataSource dataSource;

    public ExecutionRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What the record path needs to know of a stored execution, read under its row lock. */
    public record StoredExecution(String id, String flowId, String workspace, ExecutionStatus status, int attempts,
                                  Instant receivedAt, Long durationMs, ExecutionStatus latestAttemptStatus) {
    }

    /** Locks the stored executions among the ids (in id order) for the rest of the transaction and reads them. */
    public Map<String, StoredExecution> lockForRecording(Collection<String> ids) {
        Map<String, StoredExecution> stored = new HashMap<>();
        if (ids.isEmpty()) {
            return stored;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(LOCK)) {
            statement.setArray(1, connection.createArrayOf("varchar", ids.stream().sorted().toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long duration = rows.getLong(7);
                    Long durationMs = rows.wasNull() ? null : duration;
                    String attemptStatus = rows.getString(8);
                    stored.put(rows.getString(1), new StoredExecution(rows.getString(1), rows.getString(2),
                            rows.getString(3), status(rows.getString(4)), rows.getInt(5),
                            rows.getObject(6, OffsetDateTime.class).toInstant(), durationMs,
                            attemptStatus == null ? null : status(attemptStatus)));
                }
            }
        } catch (SQLException e) {
            throw failed("Reading " + ids.size() + " execution records", e);
        }
        return stored;
    }

    /** Inserts new executions in one JDBC batch. */
    public void insert(Collection<Execution> rows) {
        write(INSERT, rows);
    }

    /** Updates executions locked by {@link #lockForRecording} in one JDBC batch. */
    public void update(Collection<Execution> rows) {
        write(UPDATE, rows);
    }

    private void write(String sql, Collection<Execution> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Execution row : rows) {
                statement.setString(1, row.id);
                statement.setString(2, row.requestId);
                statement.setString(3, row.flowId);
                statement.setString(4, row.workspace);
                statement.setObject(5, row.flowVersion, Types.INTEGER);
                statement.setString(6, row.status.value());
                setInstant(statement, 7, row.receivedAt);
                setInstant(statement, 8, row.finishedAt);
                statement.setObject(9, row.durationMs, Types.BIGINT);
                statement.setString(10, row.error);
                statement.setInt(11, row.attempts);
                setInstant(statement, 12, row.nextAttemptAt);
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw failed("Writing " + rows.size() + " execution records", e);
        }
    }

    /**
     * Inserts or updates attempt rows (at most one per execution and attempt, of executions that exist) in one
     * JDBC batch; a stored attempt that has ended is left as it is.
     */
    public void upsertAttempts(Collection<ExecutionAttempt> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(UPSERT_ATTEMPT)) {
            for (ExecutionAttempt row : rows) {
                statement.setString(1, row.executionId);
                statement.setInt(2, row.attempt);
                statement.setString(3, row.status.value());
                setInstant(statement, 4, row.startedAt);
                setInstant(statement, 5, row.finishedAt);
                statement.setString(6, row.error);
                statement.setString(7, row.steps);
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw failed("Writing " + rows.size() + " execution attempts", e);
        }
    }

    /** The execution's attempts, oldest first. */
    public List<ExecutionAttempt> attempts(String executionId) {
        return getEntityManager()
                .createQuery("from ExecutionAttempt where executionId = :id order by attempt", ExecutionAttempt.class)
                .setParameter("id", executionId)
                .getResultList();
    }

    public Optional<Execution> findInWorkspace(String workspace, String id) {
        return find("id = ?1 and workspace = ?2", id, workspace).firstResultOptional();
    }

    /**
     * A page of the flow's executions that pass the filter, newest first. Not filtered by workspace: the caller
     * checks the flow's workspace first, and a flow id belongs to one workspace, so the query is a range of one
     * index read in its own order ({@code execution_flow_received_idx}, or {@code execution_flow_status_received_idx}
     * with a status), whatever the time bounds.
     */
    public List<Execution> listForFlow(String flowId, ExecutionFilter filter, int page, int size) {
        return Pages.read(query(flowId, filter), page, size);
    }

    /** How many of the flow's executions pass the filter; a range of the same index, index-only once vacuumed. */
    public long countForFlow(String flowId, ExecutionFilter filter) {
        return query(flowId, filter).count();
    }

    private PanacheQuery<Execution> query(String flowId, ExecutionFilter filter) {
        StringBuilder where = new StringBuilder("flowId = :flowId");
        Parameters parameters = Parameters.with("flowId", flowId);
        if (filter.status() != null) {
            where.append(" and status = :status");
            parameters.and("status", filter.status());
        }
        if (filter.from() != null) {
            where.append(" and receivedAt >= :from");
            parameters.and("from", filter.from());
        }
        if (filter.to() != null) {
            where.append(" and receivedAt < :to");
            parameters.and("to", filter.to());
        }
        return find(where.toString(), NEWEST_FIRST, parameters);
    }

    /**
     * Deletes up to {@code limit} executions received before the cutoff, oldest first, and answers how many. The ids
     * come from the start of {@code execution_received_idx} (V5); rows another transaction is writing are skipped
     * (the next run takes them), so the delete never waits for the listener.
     */
    public int deleteReceivedBefore(Instant cutoff, int limit) {
        return getEntityManager().createNativeQuery("""
                        DELETE FROM execution WHERE id IN (
                            SELECT id FROM execution WHERE received_at < :cutoff
                            ORDER BY received_at LIMIT :limit FOR UPDATE SKIP LOCKED)""")
                .setParameter("cutoff", cutoff)
                .setParameter("limit", limit)
                .executeUpdate();
    }

    private static ExecutionStatus status(String value) {
        return ExecutionStatus.parse(value).orElseThrow(() -> new IllegalStateException("Unknown status " + value));
    }

    /** A {@link PersistenceException} caused by the {@link SQLException}, whose SQL state the caller reads. */
    private static PersistenceException failed(String what, SQLException e) {
        return new PersistenceException(what + " failed (SQL state " + e.getSQLState() + ")", e);
    }

    private static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, instant.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }
}
