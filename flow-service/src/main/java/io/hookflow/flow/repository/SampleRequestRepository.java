package io.hookflow.flow.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** One-time sample-request URLs ({@code sample_request}), found by the SHA-256 of their token. */
@ApplicationScoped
public class SampleRequestRepository {

    /** A URL as stored. */
    public record Row(String flowId, String stepId, String workspace, Instant expiresAt, Instant usedAt) {
    }

    private final EntityManager entityManager;

    public SampleRequestRepository(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    public void insert(String tokenHash, String flowId, String stepId, String workspace, Instant createdAt,
                       Instant expiresAt) {
        entityManager.createNativeQuery("""
                        INSERT INTO sample_request (token_hash, flow_id, step_id, workspace, created_at, expires_at)
                        VALUES (:hash, :flowId, :stepId, :workspace, :createdAt, :expiresAt)""")
                .setParameter("hash", tokenHash)
                .setParameter("flowId", flowId)
                .setParameter("stepId", stepId)
                .setParameter("workspace", workspace)
                .setParameter("createdAt", utc(createdAt))
                .setParameter("expiresAt", utc(expiresAt))
                .executeUpdate();
    }

    public Optional<Row> find(String tokenHash) {
        List<?> rows = entityManager.createNativeQuery("SELECT flow_id, step_id, workspace, expires_at, used_at"
                        + " FROM sample_request WHERE token_hash = :hash")
                .setParameter("hash", tokenHash)
                .getResultList();
        return rows.stream().findFirst().map(row -> {
            Object[] r = (Object[]) row;
            return new Row((String) r[0], (String) r[1], (String) r[2], instant(r[3]), instant(r[4]));
        });
    }

    /** Spends the URL if it is unused and not expired at {@code now}; false when another call spent it first. */
    public boolean spend(String tokenHash, Instant now) {
        return entityManager.createNativeQuery("UPDATE sample_request SET used_at = :now WHERE token_hash = :hash"
                        + " AND used_at IS NULL AND expires_at > :now")
                .setParameter("hash", tokenHash)
                .setParameter("now", utc(now))
                .executeUpdate() == 1;
    }

    /** Deletes the URLs that expired before {@code before}. */
    public int deleteExpiredBefore(Instant before) {
        return entityManager.createNativeQuery("DELETE FROM sample_request WHERE expires_at < :before")
                .setParameter("before", utc(before))
                .executeUpdate();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof Timestamp time) {
            return time.toInstant();
        }
        return (Instant) value;
    }
}
