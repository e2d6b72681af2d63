-- The worker fields of a task, in the columns Taskcast's Postgres adapter uses for them.
ALTER TABLE taskcast_tasks ADD COLUMN IF NOT EXISTS assign_mode TEXT;
ALTER TABLE taskcast_tasks ADD COLUMN IF NOT EXISTS cost INTEGER;
ALTER TABLE taskcast_tasks ADD COLUMN IF NOT EXISTS assigned_worker TEXT;
ALTER TABLE taskcast_tasks ADD COLUMN IF NOT EXISTS disconnect_policy TEXT;
