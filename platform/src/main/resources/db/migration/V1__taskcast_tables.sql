-- The archive, in Taskcast's table layout so tools written for its Postgres adapter can read it.
-- Written by the archiver from the Kafka topics; never the source of truth.
CREATE TABLE IF NOT EXISTS taskcast_tasks (
  id              TEXT PRIMARY KEY,
  type            TEXT,
  status          TEXT NOT NULL,
  params          JSONB,
  result          JSONB,
  error           JSONB,
  metadata        JSONB,
  auth_config     JSONB,
  webhooks        JSONB,
  cleanup         JSONB,
  tags            JSONB,
  reason          TEXT,
  resume_at       BIGINT,
  blocked_request JSONB,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL,
  completed_at    BIGINT,
  ttl             INTEGER
);

-- No foreign key to taskcast_tasks: events and task snapshots arrive on different topics, and
-- the archiver must be able to write either first.
CREATE TABLE IF NOT EXISTS taskcast_events (
  id               TEXT PRIMARY KEY,
  task_id          TEXT NOT NULL,
  idx              INTEGER NOT NULL,
  timestamp        BIGINT NOT NULL,
  type             TEXT NOT NULL,
  level            TEXT NOT NULL,
  data             JSONB,
  series_id        TEXT,
  series_mode      TEXT,
  series_acc_field TEXT,
  UNIQUE (task_id, idx)
);

CREATE INDEX IF NOT EXISTS taskcast_events_task_id_timestamp ON taskcast_events (task_id, timestamp);
