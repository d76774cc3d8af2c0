-- Retention (service/ExecutionRetention) deletes executions received before a cutoff, a small batch per
-- transaction: each batch is a short range at the start of this index, never a scan of the table.
-- Not CONCURRENTLY: that waits for every other open transaction, Flyway's own lock among them, and never ends.
-- Building it holds writes to execution back for its duration (seconds per million rows); run records wait in
-- Kafka meanwhile.
CREATE INDEX execution_received_idx ON execution (received_at);
