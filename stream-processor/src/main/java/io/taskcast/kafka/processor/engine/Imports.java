package io.taskcast.kafka.processor.engine;

import io.taskcast.kafka.schemas.EventRecord;
import io.taskcast.kafka.schemas.SeriesMode;
import io.taskcast.kafka.schemas.Task;
import io.taskcast.kafka.schemas.TaskEvent;
import io.taskcast.kafka.schemas.TaskStatus;
import io.taskcast.kafka.schemas.command.ImportTask;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An archive imported as a task (taskcast-extras.md §6). The archive's events are already folded:
 * an accumulate series is one event holding its running value, a latest series its last event. So
 * each imported event is its series' state as it stands, and the task's next event continues it.
 */
final class Imports {

    private Imports() {
    }

    static Decision apply(TaskState current, ImportTask command, long now) {
        if (current != null && current.removed()) {
            return new Decision.Refused(409, "TASK_ID_RESERVED", "Task " + command.taskId()
                    + " was removed by a cleanup rule and its id stays reserved; import it under another id");
        }
        if (current != null && !command.overwrite()) {
            return new Decision.Refused(409, "TASK_ALREADY_EXISTS", "Task already exists: " + command.taskId()
                    + " (set overwrite: true to replace it)");
        }
        Map<String, TaskEvent> series = new HashMap<>();
        List<EventRecord> records = new ArrayList<>(command.events().size());
        for (TaskEvent event : command.events()) {
            records.add(record(event, series));
        }
        Task task = command.task();
        TaskState next = new TaskState(task, command.events().size(), series, deadline(task, now));
        return new Decision.Imported(next, List.copyOf(records), current != null);
    }

    /** An accumulate event is its own series state; a latest one replaces nothing that was imported before it. */
    private static EventRecord record(TaskEvent event, Map<String, TaskEvent> series) {
        if (event.seriesId() == null || event.seriesMode() == null || event.seriesMode() == SeriesMode.KEEP_ALL) {
            return EventRecord.plain(event);
        }
        series.put(event.seriesId(), event);
        return event.seriesMode() == SeriesMode.ACCUMULATE ? new EventRecord(event, event, null)
                : EventRecord.plain(event);
    }

    /** A live imported task with a ttl gets its full ttl from the import on, as after leaving paused. */
    private static Long deadline(Task task, long now) {
        TaskStatus status = task.status();
        if (task.ttl() == null || status.isTerminal() || status == TaskStatus.PAUSED) {
            return null;
        }
        return now + task.ttl() * 1000L;
    }
}
