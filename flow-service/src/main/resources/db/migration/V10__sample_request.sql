-- One-time "send sample request" URLs of drafts' webhook steps (issue 15). The token itself is never stored: only its
-- SHA-256 (hex), so a database reader cannot use a live URL. A URL is spent (used_at) by its first authenticated
-- request, or expires at expires_at; rows are deleted a day after they expire.
CREATE TABLE sample_request (
    token_hash VARCHAR(64)  PRIMARY KEY,
    flow_id    VARCHAR(24)  NOT NULL REFERENCES flow (id) ON DELETE CASCADE,
    step_id    VARCHAR(255) NOT NULL,
    workspace  VARCHAR(100) NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL,
    expires_at TIMESTAMPTZ  NOT NULL,
    used_at    TIMESTAMPTZ
);

CREATE INDEX sample_request_expires_idx ON sample_request (expires_at);
