package io.hookflow.flow.repository;

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
import java.util.ArrayList;
import java.util.List;

/**
 * The run log's side of a retry: failed executions whose original webhook is stored as a dead letter (in the
 * execution's workspace) turned {@code retrying}, each with the letter that holds its webhook.
 */
@ApplicationScoped
public class RetryRepository {

    /** Which failed executions: one by id and workspace, or a flow's received in {@code [from, to)}. */
    public record Selection(String executionId, String workspace, String flowId, Instant from, Instant to) {

        public static Selection execution(String workspace, String executionId) {
            return new Selection(executionId, workspace, null, null, null);
        }

        public static Selection flow(String flowId, Instant from, Instant to) {
            return new Selection(null, null, flowId, from, to);
        }
    }

    /** An execution turned {@code retrying}: what it was before (for the stats), and its webhook's letter. */
    public record Retried(String executionId, String flowId, Instant receivedAt, Long oldDurationMs, int attempts,
                          String letterId) {
    }

    private static final String LETTER = """
            SELECT d.id FROM dead_letter d WHERE d.execution_id = e.id AND d.workspace = e.workspace
            ORDER BY d.dead_at DESC, d.id DESC LIMIT 1""";

    private final DataSource dataSource;

    public RetryRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Turns up to {@code limit} selected executions that are {@code failed} and have a stored webhook into
     * {@code retrying}, oldest received first: the next attempt due {@code now}, {@code attempts} kept (the attempt
     * that failed), finished time and duration cleared. The rows are locked first; {@code skipLocked} leaves those
     * another transaction holds (a bulk retry does not wait for the run-record writer), otherwise the statement
     * waits and then sees the other's outcome, so that of two concurrent retries of one execution only the first
     * finds it failed.
     */
    public List<Retried> markRetrying(Selection selection, int limit, boolean skipLocked, Instant now) {
        List<Object> parameters = new ArrayList<>();
        String sql = """
                WITH picked AS (
                    SELECT e.id, e.flow_id, e.received_at, e.duration_ms, e.attempts, l.id AS letter_id
                    FROM execution e JOIN LATERAL (%s) l ON true
                    WHERE e.status = 'failed' AND %s
                    ORDER BY e.received_at, e.id LIMIT ?
                    FOR UPDATE OF e%s)
                UPDATE execution e
                SET status = 'retrying', next_attempt_at = ?, finished_at = NULL, duration_ms = NULL
                FROM picked p WHERE e.id = p.id AND e.status = 'failed'
                RETURNING e.id, p.flow_id, p.received_at, p.duration_ms, p.attempts, p.letter_id"""
                .formatted(LETTER, where(selection, parameters), skipLocked ? " SKIP LOCKED" : "");
        parameters.add(limit);
        parameters.add(now);
        List<Retried> retried = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, parameters);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                retried.add(new Retried(rows.getString(1), rows.getString(2),
                        rows.getObject(3, OffsetDateTime.class).toInstant(), rows.getObject(4, Long.class),
                        rows.getInt(5), rows.getString(6)));
            }
        } catch (SQLException e) {
            throw new PersistenceException("Marking executions for retry failed (SQL state " + e.getSQLState() + ")", e);
        }
        return retried;
    }

    /** Whether any selected execution is still {@code failed} with a stored webhook. */
    public boolean anyRetryable(Selection selection) {
        return count(selection, true, true) > 0;
    }

    /** How many selected executions are {@code failed} without a stored webhook (they cannot be retried yet). */
    public long countWithoutWebhook(Selection selection) {
        return count(selection, false, false);
    }

    private long count(Selection selection, boolean withLetter, boolean existsOnly) {
        List<Object> parameters = new ArrayList<>();
        String letter = "EXISTS (SELECT 1 FROM dead_letter d WHERE d.execution_id = e.id AND d.workspace = e.workspace)";
        String sql = "SELECT count(*) FROM (SELECT 1 FROM execution e WHERE e.status = 'failed' AND "
                + where(selection, parameters) + " AND " + (withLetter ? letter : "NOT " + letter)
                + (existsOnly ? " LIMIT 1" : "") + ") s";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, parameters);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new PersistenceException("Counting executions to retry failed (SQL state " + e.getSQLState() + ")", e);
        }
    }

    private static String where(Selection selection, List<Object> parameters) {
        List<String> conditions = new ArrayList<>();
        if (selection.executionId() != null) {
            conditions.add("e.id = ?");
            parameters.add(selection.executionId());
        }
        if (selection.workspace() != null) {
            conditions.add("e.workspace = ?");
            parameters.add(selection.workspace());
        }
        if (selection.flowId() != null) {
            conditions.add("e.flow_id = ?");
            parameters.add(selection.flowId());
        }
        if (selection.from() != null) {
            conditions.add("e.received_at >= ?");
            parameters.add(selection.from());
        }
        if (selection.to() != null) {
            conditions.add("e.received_at < ?");
            parameters.add(selection.to());
        }
        return conditions.isEmpty() ? "true" : String.join(" AND ", conditions);
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<Object> parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.size(); i++) {
            Object value = parameters.get(i);
            if (value instanceof Instant instant) {
                statement.setObject(i + 1, instant.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                statement.setObject(i + 1, value);
            }
        }
        return statement;
    }
}
