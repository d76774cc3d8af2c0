package io.hookflow.flow;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

import java.time.Instant;

/**
 * A {@code webhook.received} message the executor gave up on ({@code webhook.received.dlq}): why, where, and the
 * message itself, so that it can be replayed or its execution retried.
 */
@Entity
@Table(name = "dead_letter")
public class DeadLetter {

    @Id
    @Column(length = 24)
    public String id;

    @Column(nullable = false)
    public String topic;

    @Column(name = "kafka_partition", nullable = false)
    public int partition;

    @Column(name = "kafka_offset", nullable = false)
    public long offset;

    /** Null when it could not be told; such a letter is shown to no workspace. */
    public String workspace;

    @Column(name = "flow_id", length = 24)
    public String flowId;

    @Column(name = "request_id", length = 64)
    public String requestId;

    @Column(name = "execution_id", length = 89)
    public String executionId;

    @Column(name = "flow_version")
    public Integer flowVersion;

    @Column(nullable = false, columnDefinition = "text")
    public String reason;

    /** The step the execution failed in; null when it failed before any step ran. */
    @Column(name = "failed_step")
    public String failedStep;

    @Column(name = "dead_at", nullable = false)
    public Instant deadAt;

    @Column(name = "message_key", columnDefinition = "bytea")
    public byte[] key;

    @Column(name = "message_value", columnDefinition = "bytea")
    public byte[] value;

    /** The message's headers but the executor's {@code hookflow-*} ones, as JSON (mapping/MessageHeaderCodec). */
    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String headers;

    /** The value's size in bytes. */
    @Column(nullable = false)
    public int size;

    @Column(nullable = false)
    public int replays;

    @Column(name = "replayed_at")
    public Instant replayedAt;
}
