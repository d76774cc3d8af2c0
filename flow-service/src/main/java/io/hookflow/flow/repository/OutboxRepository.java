package io.hookflow.flow.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The outbox: Kafka messages committed to be sent, each removed once Kafka acknowledged it. The message bytes are
 * copied from the dead letter inside the database, never through the service.
 */
@ApplicationScoped
public class OutboxRepository {

    /** One message to enqueue: the dead letter's message, to {@code topic}, with {@code extraHeaders} (JSON) added. */
    public record LetterCopy(String letterId, String topic, String extraHeaders) {
    }

    /** One stored message, as read for sending; headers and extra headers as their JSON. */
    public record Row(long id, String topic, byte[] key, byte[] value, String headers, String extraHeaders) {
    }

    private static final String COPY = """
            INSERT INTO outbox_message (topic, message_key, message_value, headers, extra_headers, created_at)
            SELECT ?, message_key, message_value, headers, ?::jsonb, ? FROM dead_letter WHERE id = ?
            """;

    private final DataSource dataSource;

    public OutboxRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Enqueues copies of the letters' messages in one batch on the current transaction's connection. */
    public void enqueueCopies(Collection<LetterCopy> copies, Instant now) {
        if (copies.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(COPY)) {
            for (LetterCopy copy : copies) {
                statement.setString(1, copy.topic());
                statement.setString(2, copy.extraHeaders());
                statement.setObject(3, now.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
                statement.setString(4, copy.letterId());
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw new PersistenceException("Enqueueing " + copies.size() + " messages failed (SQL state "
                    + e.getSQLState() + ")", e);
        }
    }

    /**
     * Locks the oldest messages no other transaction holds, up to {@code limit} of them and as many as fit in
     * {@code maxBytes} of values (the first always), and reads them.
     */
    public List<Row> lockOldest(int limit, long maxBytes) {
        try (Connection connection = dataSource.getConnection()) {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT id, coalesce(octet_length(message_value), 0) FROM outbox_message
                    ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""")) {
                statement.setInt(1, limit);
                try (ResultSet rows = statement.executeQuery()) {
                    long bytes = 0;
                    while (rows.next()) {
                        bytes += rows.getLong(2);
                        if (!ids.isEmpty() && bytes > maxBytes) {
                            break;
                        }
                        ids.add(rows.getLong(1));
                    }
                }
            }
            if (ids.isEmpty()) {
                return List.of();
            }
            List<Row> found = new ArrayList<>(ids.size());
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT id, topic, message_key, message_value, headers::text, extra_headers::text
                    FROM outbox_message WHERE id = ANY (?) ORDER BY id""")) {
                Array array = connection.createArrayOf("bigint", ids.toArray());
                statement.setArray(1, array);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        found.add(new Row(rows.getLong(1), rows.getString(2), rows.getBytes(3), rows.getBytes(4),
                                rows.getString(5), rows.getString(6)));
                    }
                }
            }
            return found;
        } catch (SQLException e) {
            throw new PersistenceException("Reading the outbox failed (SQL state " + e.getSQLState() + ")", e);
        }
    }

    /** Removes the messages Kafka acknowledged. */
    public void delete(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("DELETE FROM outbox_message WHERE id = ANY (?)")) {
            statement.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("Removing sent messages failed (SQL state " + e.getSQLState() + ")", e);
        }
    }

    /** How many messages wait to be sent. */
    public long count() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM outbox_message");
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new PersistenceException("Counting the outbox failed (SQL state " + e.getSQLState() + ")", e);
        }
    }
}
