CREATE TABLE credential (
    id                VARCHAR(24)  PRIMARY KEY,
    workspace         VARCHAR(100) NOT NULL,
    name              VARCHAR(200) NOT NULL,
    type              VARCHAR(50)  NOT NULL,
    -- non-secret config fields only; secrets live encrypted in secret_ciphertext
    config            JSONB        NOT NULL,
    -- 12-byte IV || AES-256-GCM ciphertext || 16-byte tag, of the JSON object of secret fields
    secret_ciphertext BYTEA        NOT NULL,
    -- id of the master key that encrypted secret_ciphertext, so the key can be rotated
    key_id            VARCHAR(64)  NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL,
    updated_at        TIMESTAMPTZ  NOT NULL
);

CREATE INDEX credential_workspace_created_idx ON credential (workspace, created_at DESC, id DESC);
