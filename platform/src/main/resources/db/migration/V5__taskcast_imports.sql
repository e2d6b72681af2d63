-- The generation of each imported task's last import (taskcast-extras.md §6): the offset of the
-- import's command. The archiver writes it when an import replaces a task's rows; a replay of the
-- log replaces them only for a newer import than the one the archive holds, so a replay running
-- beside the archiver never drops what it archived after that import.
CREATE TABLE IF NOT EXISTS taskcast_imports (
  task_id    TEXT PRIMARY KEY,
  generation BIGINT NOT NULL
);
