-- Durable retries (docs/retries.md): an execution waiting for its next attempt is 'retrying'; each record says
-- which attempt it is about, and when the next one is due.
ALTER TABLE execution DROP CONSTRAINT execution_status_check;
ALTER TABLE execution ADD CONSTRAINT execution_status_check
    CHECK (status IN ('running', 'retrying', 'succeeded', 'failed'));
ALTER TABLE execution ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
ALTER TABLE execution ADD COLUMN next_attempt_at TIMESTAMPTZ;
