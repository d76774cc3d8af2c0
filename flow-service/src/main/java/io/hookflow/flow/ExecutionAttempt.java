package io.hookflow.flow;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.Immutable;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** One run of an execution (the first, an automatic retry or a manual one): its own status, times, error and steps. */
@Entity
@Table(name = "execution_attempt")
@IdClass(ExecutionAttempt.Key.class)
@Immutable
public class ExecutionAttempt {

    @Id
    @Column(name = "execution_id", length = 89)
    public String executionId;

    /** 1 for the first. */
    @Id
    public int attempt;

    @Convert(converter = ExecutionStatusConverter.class)
    @Column(nullable = false)
    public ExecutionStatus status;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(columnDefinition = "text")
    public String error;

    /** The step results as a JSON array. */
    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String steps;

    /** The primary key: an execution's id and the attempt's number. */
    public static class Key implements Serializable {
        public String executionId;
        public int attempt;

        public Key() {
        }

        public Key(String executionId, int attempt) {
            this.executionId = executionId;
            this.attempt = attempt;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && attempt == key.attempt && Objects.equals(executionId, key.executionId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(executionId, attempt);
        }
    }
}
