-- Flows whose committed state may not be on flow.changed yet: a transactional outbox of flow ids. A change of a
-- flow's live state writes its row in the change's own transaction; the state itself is read again when it is
-- sent (service/FlowAnnouncer), under the flow's row lock, and the row is removed once Kafka acknowledged.
-- No foreign key: the row of a deleted flow outlives the flow until its deletion is announced, which is what
-- workspace and name are kept for.
CREATE TABLE flow_announcement (
    flow_id   VARCHAR(24)  PRIMARY KEY,
    workspace VARCHAR(255) NOT NULL,
    name      VARCHAR(255) NOT NULL,
    marked_at TIMESTAMPTZ  NOT NULL
);
CREATE INDEX flow_announcement_marked_idx ON flow_announcement (marked_at, flow_id);
