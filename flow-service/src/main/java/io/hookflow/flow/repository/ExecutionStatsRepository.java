package io.hookflow.flow.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The stats rollup ({@code execution_stats_minute}, migration V8): one row per flow and minute of receivedAt. */
@ApplicationScoped
public class ExecutionStatsRepository {

    /**
     * What a transaction adds to one row; {@code durations} is a histogram delta in the array form of V8
     * ({@code [48:50]={1,0,-1}}, or {@code {}} for none).
     */
    public record Delta(String flowId, Instant minute, int running, int retrying, int succeeded, int failed,
                        String durations) {
    }

    /** One row read back. */
    public record Minute(Instant minute, long running, long retrying, long succeeded, long failed) {
    }

    /** The rows of a range, oldest first, and their duration histograms summed: counts indexed by bucket. */
    public record Range(List<Minute> minutes, long[] durations) {
    }

    private static final String ADD = """
            INSERT INTO execution_stats_minute AS s (flow_id, minute, running, retrying, succeeded, failed, durations)
            VALUES (?, ?, ?, ?, ?, ?, ?::INTEGER[])
            ON CONFLICT (flow_id, minute) DO UPDATE SET
                running = s.running + EXCLUDED.running, retrying = s.retrying + EXCLUDED.retrying,
                succeeded = s.succeeded + EXCLUDED.succeeded, failed = s.failed + EXCLUDED.failed,
                durations = execution_stats_add(s.durations, EXCLUDED.durations)
            """;

    /**
     * The histograms come back as text and are summed by the caller: cheaper than unnesting them in SQL (a few dozen
     * elements per row) by a factor of about five at 31 days of minutes.
     */
    private static final String RANGE = """
            SELECT minute, running, retrying, succeeded, failed, durations::TEXT FROM execution_stats_minute
            WHERE flow_id = ? AND minute >= ? AND minute < ? ORDER BY minute
            """;

    private static final String DELETE_BEFORE = """
            DELETE FROM execution_stats_minute WHERE (flow_id, minute) IN (
                SELECT flow_id, minute FROM execution_stats_minute WHERE minute < ?
                ORDER BY minute LIMIT ? FOR UPDATE SKIP LOCKED)
            """;

    private final DataSource dataSource;

    public ExecutionStatsRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Adds the deltas (at most one per flow and minute), in the given order, in one JDBC batch on the current
     * transaction's connection.
     */
    public void add(Collection<Delta> deltas) {
        if (deltas.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(ADD)) {
            for (Delta delta : deltas) {
                statement.setString(1, delta.flowId());
                statement.setObject(2, utc(delta.minute()));
                statement.setInt(3, delta.running());
                statement.setInt(4, delta.retrying());
                statement.setInt(5, delta.succeeded());
                statement.setInt(6, delta.failed());
                statement.setString(7, delta.durations());
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw failed("Adding " + deltas.size() + " minutes to the stats", e);
        }
    }

    /** The flow's rows with {@code from <= minute < to}, oldest first, and their histograms summed per bucket. */
    public Range read(String flowId, Instant from, Instant to, int buckets) {
        List<Minute> minutes = new ArrayList<>();
        long[] durations = new long[buckets];
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(RANGE)) {
            statement.setString(1, flowId);
            statement.setObject(2, utc(from));
            statement.setObject(3, utc(to));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    minutes.add(new Minute(rows.getObject(1, OffsetDateTime.class).toInstant(), rows.getLong(2),
                            rows.getLong(3), rows.getLong(4), rows.getLong(5)));
                    addHistogram(rows.getString(6), durations);
                }
            }
        } catch (SQLException e) {
            throw failed("Reading the stats of flow " + flowId, e);
        }
        return new Range(minutes, durations);
    }

    /**
     * Adds a histogram in PostgreSQL's text form ({@code [48:50]={3,0,1}}, or without bounds from 1) to the counts
     * per bucket; buckets past either end count in the first or last.
     */
    static void addHistogram(String array, long[] counts) {
        int brace = array.indexOf('{');
        int bucket = 1;
        if (brace > 0) {
            bucket = Integer.parseInt(array, 1, array.indexOf(':'), 10);
        }
        int end = array.length() - 1;
        int start = brace + 1;
        while (start < end) {
            int comma = array.indexOf(',', start);
            int stop = comma < 0 ? end : comma;
            counts[Math.max(0, Math.min(counts.length - 1, bucket))] += Long.parseLong(array, start, stop, 10);
            bucket++;
            start = stop + 1;
        }
    }

    /**
     * Deletes up to {@code limit} rows of minutes before the cutoff, oldest first, and answers how many; rows a
     * run-log transaction is writing are skipped (the next run takes them).
     */
    public int deleteBefore(Instant cutoff, int limit) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(DELETE_BEFORE)) {
            statement.setObject(1, utc(cutoff));
            statement.setInt(2, limit);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw failed("Deleting old stats", e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static PersistenceException failed(String what, SQLException e) {
        return new PersistenceException(what + " failed (SQL state " + e.getSQLState() + ")", e);
    }
}
