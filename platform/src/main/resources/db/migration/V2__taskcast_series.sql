-- JSON columns hold the documents exactly as written: json (text) keeps key order, so a read from
-- the archive is byte-identical to one from Redis, and accepts every string JSON can carry (jsonb
-- rejects \u0000, which would stall the archiver on one event). We never query inside them.
ALTER TABLE taskcast_tasks
  ALTER COLUMN params TYPE json USING params::json,
  ALTER COLUMN result TYPE json USING result::json,
  ALTER COLUMN error TYPE json USING error::json,
  ALTER COLUMN metadata TYPE json USING metadata::json,
  ALTER COLUMN auth_config TYPE json USING auth_config::json,
  ALTER COLUMN webhooks TYPE json USING webhooks::json,
  ALTER COLUMN cleanup TYPE json USING cleanup::json,
  ALTER COLUMN tags TYPE json USING tags::json,
  ALTER COLUMN blocked_request TYPE json USING blocked_request::json;
ALTER TABLE taskcast_events ALTER COLUMN data TYPE json USING data::json;

-- The state of each accumulate series after its latest archived event (EventRecord.accumulated),
-- so a collapsed history read from the archive equals one read from Redis. idx is the index of
-- the event that produced the state: a replayed older state never overwrites a newer one.
CREATE TABLE IF NOT EXISTS taskcast_series (
  task_id   TEXT NOT NULL,
  series_id TEXT NOT NULL,
  idx       INTEGER NOT NULL,
  event     JSON NOT NULL,
  PRIMARY KEY (task_id, series_id)
);

-- The task list reads oldest first, as the Redis index does.
CREATE INDEX IF NOT EXISTS taskcast_tasks_created_at ON taskcast_tasks (created_at, id);
