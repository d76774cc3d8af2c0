CREATE TABLE flow (
    id             VARCHAR(24)  PRIMARY KEY,
    workspace      VARCHAR(255) NOT NULL,
    name           VARCHAR(255) NOT NULL,
    description    TEXT,
    status         VARCHAR(16)  NOT NULL CHECK (status IN ('active', 'inactive')),
    draft          JSONB        NOT NULL,
    active_version INTEGER,
    created_at     TIMESTAMPTZ  NOT NULL,
    updated_at     TIMESTAMPTZ  NOT NULL
);
CREATE INDEX flow_workspace_created_idx ON flow (workspace, created_at DESC, id DESC);

CREATE TABLE flow_version (
    id           BIGSERIAL   PRIMARY KEY,
    flow_id      VARCHAR(24) NOT NULL REFERENCES flow (id) ON DELETE CASCADE,
    version      INTEGER     NOT NULL,
    definition   JSONB       NOT NULL,
    published_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT flow_version_unique UNIQUE (flow_id, version)
);

-- Executions outlive their flow (no foreign key): they are history, reported by the executor.
CREATE TABLE execution (
    id           VARCHAR(64)  PRIMARY KEY,
    flow_id      VARCHAR(24)  NOT NULL,
    workspace    VARCHAR(255) NOT NULL,
    flow_version INTEGER,
    status       VARCHAR(16)  NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    received_at  TIMESTAMPTZ  NOT NULL,
    started_at   TIMESTAMPTZ,
    finished_at  TIMESTAMPTZ,
    duration_ms  BIGINT,
    error        TEXT,
    steps        JSONB        NOT NULL
);
CREATE INDEX execution_flow_received_idx ON execution (flow_id, received_at DESC, id DESC);
CREATE INDEX execution_flow_status_received_idx ON execution (flow_id, status, received_at DESC);
