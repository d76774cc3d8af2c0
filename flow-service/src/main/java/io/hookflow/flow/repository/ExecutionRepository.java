package io.hookflow.flow.repository;

import io.hookflow.flow.Execution;
import io.hookflow.flow.ExecutionFilter;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Execution records, keyed by requestId. */
@ApplicationScoped
public class ExecutionRepository implements PanacheRepositoryBase<Execution, String> {

    private static final Sort NEWEST_FIRST = Sort.descending("receivedAt", "id");

    /**
     * One statement for insert and update, so a batch needs no read first. The WHERE of the update is the
     * merge rule: a final report ({@code succeeded}, {@code failed}) overwrites; a {@code running} or
     * {@code retrying} one only an unfinished execution, and not with an earlier attempt.
     */
    private static final String UPSERT = """
            INSERT INTO execution (id, flow_id, workspace, flow_version, status, received_at, started_at,
                                   finished_at, duration_ms, error, steps, attempts, next_attempt_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                flow_id = EXCLUDED.flow_id, workspace = EXCLUDED.workspace, flow_version = EXCLUDED.flow_version,
                status = EXCLUDED.status, received_at = EXCLUDED.received_at, started_at = EXCLUDED.started_at,
                finished_at = EXCLUDED.finished_at, duration_ms = EXCLUDED.duration_ms, error = EXCLUDED.error,
                steps = EXCLUDED.steps, attempts = EXCLUDED.attempts, next_attempt_at = EXCLUDED.next_attempt_at
            WHERE EXCLUDED.status IN ('succeeded', 'failed')
               OR (execution.status IN ('running', 'retrying') AND EXCLUDED.attempts >= execution.attempts)
            """;

    private final DataSource dataSource;

    public ExecutionRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Inserts or updates the executions (at most one per id) in one JDBC batch on the current transaction's
     * connection; an update never turns a finished execution back to {@code running}. Throws a
     * {@link PersistenceException} caused by the {@link SQLException}.
     */
    public void upsert(Collection<Execution> rows) {
        if (rows.isEmpty()) {
            return;
        }
        // Plain JDBC on the transaction's connection rather than Session.doWork: Hibernate would log a failed
        // batch with its parameter values (the run data).
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(UPSERT)) {
            for (Execution row : rows) {
                statement.setString(1, row.id);
                statement.setString(2, row.flowId);
                statement.setString(3, row.workspace);
                statement.setObject(4, row.flowVersion, Types.INTEGER);
                statement.setString(5, row.status.value());
                setInstant(statement, 6, row.receivedAt);
                setInstant(statement, 7, row.startedAt);
                setInstant(statement, 8, row.finishedAt);
                statement.setObject(9, row.durationMs, Types.BIGINT);
                statement.setString(10, row.error);
                statement.setString(11, row.steps);
                statement.setInt(12, row.attempts);
                setInstant(statement, 13, row.nextAttemptAt);
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw new PersistenceException("Writing " + rows.size() + " execution records failed (SQL state "
                    + e.getSQLState() + ")", e);
        }
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

    private static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, instant.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }
}
