-- Execution identity (io.hookflow.flow.ExecutionIds): an execution's id is '<flowId>-<requestId>', so the same
-- requestId sent to two flows (two workspaces) makes two executions. The webhook's requestId gets its own column.
-- 89 = a flow id (24) + '-' + a requestId (64).
ALTER TABLE execution ADD COLUMN request_id VARCHAR(64);
ALTER TABLE execution ALTER COLUMN id TYPE VARCHAR(89);
UPDATE execution SET request_id = id, id = flow_id || '-' || id;
ALTER TABLE execution ALTER COLUMN request_id SET NOT NULL;

-- Each run of an execution (the first, every automatic retry, every manual retry) is an attempt with its own
-- status, times, error and steps; the execution row keeps the summary of its latest attempt. Attempts go with
-- their execution (retention deletes executions).
CREATE TABLE execution_attempt (
    execution_id VARCHAR(89) NOT NULL REFERENCES execution (id) ON DELETE CASCADE,
    attempt      INTEGER     NOT NULL CHECK (attempt >= 1),
    status       VARCHAR(16) NOT NULL CHECK (status IN ('running', 'retrying', 'succeeded', 'failed')),
    started_at   TIMESTAMPTZ,
    finished_at  TIMESTAMPTZ,
    error        TEXT,
    steps        JSONB       NOT NULL,
    PRIMARY KEY (execution_id, attempt)
);
-- What was stored so far is the latest attempt of each execution.
INSERT INTO execution_attempt (execution_id, attempt, status, started_at, finished_at, error, steps)
SELECT id, attempts, status, started_at, finished_at, error, steps FROM execution;
ALTER TABLE execution DROP COLUMN steps;
ALTER TABLE execution DROP COLUMN started_at;

-- The list's indexes (V2, V5: flow_id, [status,] received_at DESC, id DESC) take the new ids with the UPDATE and
-- still answer a flow's page and count in list order; the detail reads attempts by their primary key.
