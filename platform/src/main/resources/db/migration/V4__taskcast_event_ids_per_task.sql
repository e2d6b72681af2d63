-- Event ids are unique per task, not across the archive: an archive imported as a copy of a task
-- (taskcast-extras.md §6) keeps its events' ids, as Taskcast's import does, so the copy's events
-- share ids with the original's. The history is read per task, so nothing looks an id up alone.
ALTER TABLE taskcast_events DROP CONSTRAINT IF EXISTS taskcast_events_pkey;
ALTER TABLE taskcast_events ADD PRIMARY KEY (task_id, id);
