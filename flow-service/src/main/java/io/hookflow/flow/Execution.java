package io.hookflow.flow;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * The record of one webhook's run through a flow version, as reported by the executor: the summary of its latest
 * attempt. Each attempt, with its steps, is an {@link ExecutionAttempt}.
 */
@Entity
@Table(name = "execution")
public class Execution {

    /** {@code <flowId>-<requestId>} ({@link ExecutionIds}). */
    @Id
    @Column(length = 89)
    public String id;

    /** The webhook's requestId. */
    @Column(name = "request_id", nullable = false, length = 64)
    public String requestId;

    @Column(name = "flow_id", nullable = false, length = 24)
    public String flowId;

    @Column(nullable = false)
    public String workspace;

    @Column(name = "flow_version")
    public Integer flowVersion;

    @Convert(converter = ExecutionStatusConverter.class)
    @Column(nullable = false)
    public ExecutionStatus status;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "duration_ms")
    public Long durationMs;

    @Column(columnDefinition = "text")
    public String error;

    /** The number of the latest attempt (1 for the first). */
    @Column(nullable = false)
    public int attempts;

    /** When the next attempt is due, while {@code retrying}. */
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;
}
