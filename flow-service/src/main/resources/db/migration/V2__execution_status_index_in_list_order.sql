-- A flow's executions by status, in the list's exact order (newest first, then id): a page is read straight
-- from the index, with no sort of all the flow's rows, whatever the planner's statistics say while a backlog
-- is being written. Counting (by status or not) uses this index too, index-only once the table is vacuumed.
DROP INDEX execution_flow_status_received_idx;
CREATE INDEX execution_flow_status_received_idx ON execution (flow_id, status, received_at DESC, id DESC);
