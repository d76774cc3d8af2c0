-- Stats (GET /api/v1/flows/{id}/stats, service/ExecutionStats): a rollup of the run log per flow and minute of
-- receivedAt, kept in the run log's own transaction. The counts are the current status of the executions received
-- in that minute, so for any whole-minute range they add up to the run log filtered by that range. `durations` is
-- a histogram of the finished ones' durationMs: element i counts durations in (1.1^(i-1), 1.1^i] ms (0: up to
-- 1 ms; 239, the last, everything above 1.1^238 ms), stored with the array's own bounds around the buckets in use
-- ('[48:52]={3,0,1,0,7}'), so a row holds a few dozen numbers rather than 240.
-- No foreign key, and not removed with the run log: stats outlive executions (flow.stats-retention).
CREATE TABLE execution_stats_minute (
    flow_id   VARCHAR(24) NOT NULL,
    minute    TIMESTAMPTZ NOT NULL,
    running   INTEGER     NOT NULL,
    retrying  INTEGER     NOT NULL,
    succeeded INTEGER     NOT NULL,
    failed    INTEGER     NOT NULL,
    durations INTEGER[]   NOT NULL,
    PRIMARY KEY (flow_id, minute)
);
-- Retention deletes the oldest minutes, a small batch per transaction, from the start of this index.
CREATE INDEX execution_stats_minute_minute_idx ON execution_stats_minute (minute);

-- Adds two histograms element by element, whatever their bounds; an empty one ('{}') adds nothing. Deltas may be
-- negative (an execution that left a bucket), the sums after a transaction never are.
CREATE FUNCTION execution_stats_add(a INTEGER[], b INTEGER[]) RETURNS INTEGER[]
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    low  INTEGER;
    high INTEGER;
    sum  INTEGER[];
BEGIN
    IF b IS NULL OR cardinality(b) = 0 THEN
        RETURN a;
    END IF;
    IF a IS NULL OR cardinality(a) = 0 THEN
        RETURN b;
    END IF;
    low := least(array_lower(a, 1), array_lower(b, 1));
    high := greatest(array_upper(a, 1), array_upper(b, 1));
    IF low = array_lower(a, 1) AND high = array_upper(a, 1) THEN
        sum := a;
    ELSE
        sum := array_fill(0, ARRAY[high - low + 1], ARRAY[low]);
        FOR i IN array_lower(a, 1) .. array_upper(a, 1) LOOP
            sum[i] := a[i];
        END LOOP;
    END IF;
    FOR i IN array_lower(b, 1) .. array_upper(b, 1) LOOP
        sum[i] := sum[i] + b[i];
    END LOOP;
    RETURN sum;
END
$$;

CREATE AGGREGATE execution_stats_sum(INTEGER[]) (SFUNC = execution_stats_add, STYPE = INTEGER[], INITCOND = '{}');

-- The executions recorded before this migration, once: a single pass over the run log (seconds per million rows),
-- while the run log's writers have not started yet. The bucket is the one service/DurationHistogram computes.
INSERT INTO execution_stats_minute (flow_id, minute, running, retrying, succeeded, failed, durations)
SELECT flow_id, minute, sum(running), sum(retrying), sum(succeeded), sum(failed), execution_stats_sum(durations)
FROM (SELECT flow_id, minute,
             count(*) FILTER (WHERE status = 'running')   AS running,
             count(*) FILTER (WHERE status = 'retrying')  AS retrying,
             count(*) FILTER (WHERE status = 'succeeded') AS succeeded,
             count(*) FILTER (WHERE status = 'failed')    AS failed,
             CASE WHEN bucket IS NULL THEN '{}'::INTEGER[]
                  ELSE array_fill(count(*)::INTEGER, ARRAY[1], ARRAY[bucket]) END AS durations
      FROM (SELECT flow_id, status, date_trunc('minute', received_at, 'UTC') AS minute,
                   CASE WHEN duration_ms IS NULL OR status NOT IN ('succeeded', 'failed') THEN NULL
                        WHEN duration_ms <= 1 THEN 0
                        ELSE least(239, ceil(ln(duration_ms::DOUBLE PRECISION) / ln(1.1::DOUBLE PRECISION))::INTEGER)
                       END AS bucket
            FROM execution) executions
      GROUP BY flow_id, minute, bucket) per_bucket
GROUP BY flow_id, minute;
