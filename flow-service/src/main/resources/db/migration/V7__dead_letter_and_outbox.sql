-- Dead letters (event/DeadLetterListener): each webhook.received.dlq message the executor wrote, stored once per
-- topic, partition, offset and record timestamp, so a redelivered message is not stored twice, while a Kafka that
-- lost its data and numbers its messages from 0 again (a new message at an old offset, a later timestamp) is. The original message is kept as it
-- was (key and value as bytes; headers other than the executor's hookflow-* ones as a JSON array of
-- {"key": text, "value": base64 or null}) so that it can be run again unchanged.
-- workspace is null when it could not be told (the value is no event, and the key names no flow this service
-- knows): no tenant sees such a letter. flow_id, request_id and execution_id are null where the message does not
-- carry them. No foreign key to execution: a letter may come before its execution's record, or without one.
CREATE TABLE dead_letter (
    id              VARCHAR(24)  PRIMARY KEY,
    topic           VARCHAR(255) NOT NULL,
    kafka_partition INTEGER      NOT NULL,
    kafka_offset    BIGINT       NOT NULL,
    workspace       VARCHAR(255),
    flow_id         VARCHAR(24),
    request_id      VARCHAR(64),
    execution_id    VARCHAR(89),
    flow_version    INTEGER,
    reason          TEXT         NOT NULL,
    failed_step     VARCHAR(255),
    dead_at         TIMESTAMPTZ  NOT NULL,
    message_key     BYTEA,
    message_value   BYTEA,
    headers         JSONB        NOT NULL,
    size            INTEGER      NOT NULL,
    replays         INTEGER      NOT NULL DEFAULT 0,
    replayed_at     TIMESTAMPTZ,
    CONSTRAINT dead_letter_offset_unique UNIQUE (topic, kafka_partition, kafka_offset, dead_at)
);
-- The workspace's list, newest first, with and without a flow.
CREATE INDEX dead_letter_workspace_dead_idx ON dead_letter (workspace, dead_at DESC, id DESC);
CREATE INDEX dead_letter_workspace_flow_dead_idx ON dead_letter (workspace, flow_id, dead_at DESC, id DESC);
-- A failed execution's original webhook, for a retry.
CREATE INDEX dead_letter_execution_idx ON dead_letter (execution_id, dead_at DESC);
-- Retention deletes letters that died before a cutoff, a small batch per transaction.
CREATE INDEX dead_letter_dead_at_idx ON dead_letter (dead_at);

-- Kafka messages flow-service has decided to send (a retry's execution.deferred message, a replayed
-- webhook.received one), written in the transaction of the decision and removed once Kafka acknowledged them
-- (service/OutboxRelay): durable across restarts and Kafka outages. extra_headers are added to the stored ones
-- as {"name": "UTF-8 text"}.
CREATE TABLE outbox_message (
    id            BIGSERIAL    PRIMARY KEY,
    topic         VARCHAR(255) NOT NULL,
    message_key   BYTEA,
    message_value BYTEA,
    headers       JSONB        NOT NULL,
    extra_headers JSONB        NOT NULL DEFAULT '{}',
    created_at    TIMESTAMPTZ  NOT NULL
);
