package io.taskcast.kafka.platform.postgres;

import io.taskcast.kafka.platform.postgres.RowMapping.Column;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;

import java.util.List;

import static io.taskcast.kafka.platform.postgres.RowMapping.Kind.BIGINT;
import static io.taskcast.kafka.platform.postgres.RowMapping.Kind.INT;
import static io.taskcast.kafka.platform.postgres.RowMapping.Kind.JSON;
import static io.taskcast.kafka.platform.postgres.RowMapping.Kind.TEXT;

/** The archive's tables (db/migration) and how tasks and events map to their columns. */
final class ArchiveTables {

    static final RowMapping<Task> TASKS = new RowMapping<>(Task.class, "taskcast_tasks", List.of(
            new Column("id", "id", TEXT),
            new Column("type", "type", TEXT),
            new Column("status", "status", TEXT),
            new Column("params", "params", JSON),
            new Column("result", "result", JSON),
            new Column("error", "error", JSON),
            new Column("metadata", "metadata", JSON),
            new Column("auth_config", "authConfig", JSON),
            new Column("webhooks", "webhooks", JSON),
            new Column("cleanup", "cleanup", JSON),
            new Column("tags", "tags", JSON),
            new Column("reason", "reason", TEXT),
            new Column("resume_at", "resumeAt", BIGINT),
            new Column("blocked_request", "blockedRequest", JSON),
            new Column("created_at", "createdAt", BIGINT),
            new Column("updated_at", "updatedAt", BIGINT),
            new Column("completed_at", "completedAt", BIGINT),
            new Column("ttl", "ttl", INT),
            new Column("assign_mode", "assignMode", TEXT),
            new Column("cost", "cost", INT),
            new Column("assigned_worker", "assignedWorker", TEXT),
            new Column("disconnect_policy", "disconnectPolicy", TEXT)));

    static final RowMapping<TaskEvent> EVENTS = new RowMapping<>(TaskEvent.class, "taskcast_events", List.of(
            new Column("id", "id", TEXT),
            new Column("task_id", "taskId", TEXT),
            new Column("idx", "index", INT),
            new Column("timestamp", "timestamp", BIGINT),
            new Column("type", "type", TEXT),
            new Column("level", "level", TEXT),
            new Column("data", "data", JSON),
            new Column("series_id", "seriesId", TEXT),
            new Column("series_mode", "seriesMode", TEXT),
            new Column("series_acc_field", "seriesAccField", TEXT)));

    private ArchiveTables() {
    }
}
